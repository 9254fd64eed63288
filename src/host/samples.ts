/**
 * "Open Sample" (the walkthrough's buttons): the sample data shipped in dist/samples (built from samples/), opened as
 * the user's own copy in the extension's global storage (the extension's files stay untouched; no
 * untitled tab asks to be saved on close; a copy the user edited is kept, never overwritten). A
 * data file's loss is computed at once; the Python arrays open with the Keras example selected.
 */
import * as vscode from 'vscode';
import { SAMPLES, type SampleName } from './sampleNames';

function isSampleName(v: unknown): v is SampleName {
  return typeof v === 'string' && (SAMPLES as readonly string[]).includes(v);
}

/** The lines from the first `y_true =` through the next assignment: the Keras logits example. */
function firstExample(document: vscode.TextDocument): vscode.Selection | undefined {
  let start = -1;
  for (let i = 0; i < document.lineCount; i++) {
    const text = document.lineAt(i).text;
    if (start < 0 && /^\s*y_true\s*=/.test(text)) start = i;
    else if (start >= 0 && /^\s*\w+\s*=/.test(text)) {
      const end = document.lineAt(i).range.end;
      return new vscode.Selection(start, 0, end.line, end.character);
    }
  }
  return undefined;
}

/** The user's copy of a sample: made from the shipped file the first time, then left as the user keeps it. */
async function userCopy(shipped: vscode.Uri, storage: vscode.Uri, name: SampleName): Promise<vscode.Uri> {
  const folder = vscode.Uri.joinPath(storage, 'samples');
  const copy = vscode.Uri.joinPath(folder, name);
  const exists = await vscode.workspace.fs.stat(copy).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.writeFile(copy, await vscode.workspace.fs.readFile(shipped));
  }
  return copy;
}

export async function openSample(extensionUri: vscode.Uri, storage: vscode.Uri, name: unknown, computeFile: (uri: vscode.Uri) => Promise<unknown>): Promise<unknown> {
  let chosen: SampleName | undefined = isSampleName(name) ? name : undefined;
  if (name !== undefined && name !== null && !chosen) {
    void vscode.window.showErrorMessage(vscode.l10n.t('BCE Lens: there is no sample named {0}.', String(name)));
    return undefined;
  }
  chosen ??= (await vscode.window.showQuickPick([...SAMPLES], { title: vscode.l10n.t('BCE Lens: open which sample?') })) as SampleName | undefined;
  if (!chosen) return undefined;
  const uri = await userCopy(vscode.Uri.joinPath(extensionUri, 'dist', 'samples', chosen), storage, chosen);
  if (chosen.endsWith('.py')) {
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const selection = firstExample(document);
    if (selection) {
      editor.selection = selection;
      editor.revealRange(selection);
    }
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true });
  return computeFile(uri);
}

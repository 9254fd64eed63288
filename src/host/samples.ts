/**
 * "Open Sample" (the walkthrough's buttons): the sample data shipped in media/samples. A data file
 * is opened and its loss computed at once; the Python arrays open as an untitled copy (the
 * extension's own files stay untouched) with the Keras example selected.
 */
import * as vscode from 'vscode';

export const SAMPLES = ['predictions.csv', 'training-log.csv', 'arrays.py', 'multilabel-weighted.json'] as const;
export type SampleName = (typeof SAMPLES)[number];

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

export async function openSample(extensionUri: vscode.Uri, name: unknown, computeFile: (uri: vscode.Uri) => Promise<unknown>): Promise<unknown> {
  let chosen: SampleName | undefined = isSampleName(name) ? name : undefined;
  if (name !== undefined && name !== null && !chosen) {
    void vscode.window.showErrorMessage(vscode.l10n.t('BCE Lens: there is no sample named {0}.', String(name)));
    return undefined;
  }
  chosen ??= (await vscode.window.showQuickPick([...SAMPLES], { title: vscode.l10n.t('BCE Lens: open which sample?') })) as SampleName | undefined;
  if (!chosen) return undefined;
  const uri = vscode.Uri.joinPath(extensionUri, 'media', 'samples', chosen);
  if (chosen.endsWith('.py')) {
    const bytes = await vscode.workspace.fs.readFile(uri);
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: new TextDecoder().decode(bytes) });
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

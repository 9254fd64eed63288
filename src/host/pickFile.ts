/** Which data file "Compute Loss of File…" reads: the argument, the active editor's file, or a picker. */
import * as vscode from 'vscode';
import { DATA_FILE_EXTENSIONS } from '../inputs/files';

/** The data formats' extensions, and .txt read like a selection. */
export const DATA_EXTENSIONS = [...DATA_FILE_EXTENSIONS, 'txt'];

/** A notebook cell's document: not a file, and no file system serves its scheme. */
const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

/** The notebook holding a cell's document (or undefined when no open notebook has it). */
function notebookOfCell(cell: vscode.Uri): vscode.Uri | undefined {
  const key = cell.toString();
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document.uri.toString() === key))?.uri;
}

/** The file a document stands for: a notebook cell stands for its notebook. */
function fileOf(uri: vscode.Uri): vscode.Uri | undefined {
  return uri.scheme === NOTEBOOK_CELL_SCHEME ? notebookOfCell(uri) ?? vscode.window.activeNotebookEditor?.notebook.uri : uri;
}

function isDataFile(uri: vscode.Uri): boolean {
  const ext = uri.path.split('.').pop()?.toLowerCase() ?? '';
  return DATA_EXTENSIONS.includes(ext);
}

/**
 * A Uri from what a command may be given: a Uri (explorer, editor title, tests), a path or URI
 * string (tests, keybindings), an object with a resourceUri (tree items).
 */
export function uriOfArgument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.trim() !== '') {
    const s = arg.trim();
    // "C:\…" is a Windows path, not a URI with scheme "c".
    return /^[a-zA-Z][\w+.-]+:/.test(s) && !/^[a-zA-Z]:[\\/]/.test(s) ? vscode.Uri.parse(s) : vscode.Uri.file(s);
  }
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { resourceUri?: unknown; scheme?: unknown; path?: unknown };
    if (o.resourceUri instanceof vscode.Uri) return o.resourceUri;
    if (typeof o.scheme === 'string' && typeof o.path === 'string') return vscode.Uri.from(o as { scheme: string; path: string });
  }
  return undefined;
}

/**
 * The file of the active editor. A data file over VS Code's size limit (or a binary .npy) opens as
 * a placeholder tab without a text editor, so the active tab is asked too.
 */
function activeFile(): vscode.Uri | undefined {
  const text = vscode.window.activeTextEditor?.document.uri;
  if (text) return fileOf(text);
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}

function hasFileSystem(uri: vscode.Uri): boolean {
  return uri.scheme !== 'untitled' && vscode.workspace.fs.isWritableFileSystem(uri.scheme) !== undefined;
}

export async function pickDataFile(arg: unknown): Promise<vscode.Uri | undefined> {
  // Run from a notebook cell's editor (title menu, context menu): the cell is no file to read, so
  // the command goes on as if run from the notebook: the picker.
  const argument = uriOfArgument(arg);
  const given = argument?.scheme === NOTEBOOK_CELL_SCHEME ? undefined : argument;
  if (given) {
    const stat = await vscode.workspace.fs.stat(given).then(
      (s) => s,
      () => undefined,
    );
    if (!stat) throw new Error(vscode.l10n.t('{0} does not exist', given.scheme === 'file' ? given.fsPath : given.toString()));
    if (stat.type & vscode.FileType.Directory) throw new Error(vscode.l10n.t('{0} is a folder; choose a data file', vscode.workspace.asRelativePath(given)));
    return given;
  }
  const active = activeFile();
  const filters = { [vscode.l10n.t('Data files')]: DATA_EXTENSIONS, [vscode.l10n.t('All files')]: ['*'] };
  const browse = async () =>
    (
      await vscode.window.showOpenDialog({
        title: vscode.l10n.t('BCE Lens: choose a file of labels and predictions'),
        canSelectMany: false,
        filters,
        // Only a folder a file system serves (an untitled notebook's has none: the dialog would fail).
        ...(active && hasFileSystem(active) ? { defaultUri: vscode.Uri.joinPath(active, '..') } : vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      })
    )?.[0];
  if (!active || !hasFileSystem(active) || !isDataFile(active)) return browse();
  // The active editor shows a data file: offer it first, one Enter away.
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = [
    { label: `$(file) ${active.path.split('/').pop()}`, description: vscode.l10n.t('the active editor’s file'), uri: active },
    { label: `$(folder-opened) ${vscode.l10n.t('Choose a file…')}`, description: DATA_EXTENSIONS.map((e) => `.${e}`).join(' ') },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('BCE Lens: compute the loss of which file?') });
  if (!choice) return undefined;
  return choice.uri ?? browse();
}

/** Saving a chart the webview rendered: a save dialog, then workspace.fs (works remotely too). */
import * as vscode from 'vscode';
import type { ChartName } from '../shared/protocol';

/** A file name that says what the chart is of, e.g. "train-preds-loss-curve.png". */
export function defaultChartName(sourceTitle: string, chart: ChartName, format: 'png' | 'svg'): string {
  const stem = sourceTitle.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'bce';
  return `${stem}-${chart}.${format}`;
}

/** Base64 to bytes without Node's Buffer (the web build has none). */
function fromBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Asks where to save; resolves to the written file, or undefined when the user cancels. */
export async function saveChart(
  chart: ChartName,
  format: 'png' | 'svg',
  data: string,
  near: vscode.Uri | undefined,
  sourceTitle: string,
): Promise<vscode.Uri | undefined> {
  const name = defaultChartName(sourceTitle, chart, format);
  const folder = near && near.scheme !== 'untitled' ? vscode.Uri.joinPath(near, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title:
      chart === 'epochs'
        ? vscode.l10n.t('Save loss per epoch as {0}', format.toUpperCase())
        : chart === 'reliability'
          ? vscode.l10n.t('Save reliability diagram as {0}', format.toUpperCase())
          : vscode.l10n.t('Save loss curve as {0}', format.toUpperCase()),
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: format === 'png' ? { [vscode.l10n.t('PNG image')]: ['png'] } : { [vscode.l10n.t('SVG image')]: ['svg'] },
  });
  if (!target) return undefined;
  const bytes = format === 'png' ? fromBase64(data) : new TextEncoder().encode(data);
  // The webview is untrusted: write only what is what it claims to be.
  if (format === 'png' && !(bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)) {
    throw new Error(vscode.l10n.t('the panel sent an image that is not a PNG'));
  }
  await vscode.workspace.fs.writeFile(target, bytes);
  return target;
}

/** Saving a chart the webview rendered: a save dialog, then workspace.fs (works remotely too). */
import * as vscode from 'vscode';
import type { ChartName } from '../shared/protocol';

/** A file name that says what the chart is of, e.g. "train-preds-loss-curve.png". */
export function defaultChartName(sourceTitle: string, chart: ChartName, format: 'png' | 'svg'): string {
  const stem = sourceTitle.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'bce';
  return `${stem}-${chart}.${format}`;
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
    title: `Save ${chart === 'epochs' ? 'loss per epoch' : 'loss curve'} as ${format.toUpperCase()}`,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
  });
  if (!target) return undefined;
  const bytes = format === 'png' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
  // The webview is untrusted: write only what is what it claims to be.
  if (format === 'png' && !(bytes.length > 8 && bytes[0] === 0x89 && bytes.toString('latin1', 1, 4) === 'PNG')) {
    throw new Error('the panel sent an image that is not a PNG');
  }
  await vscode.workspace.fs.writeFile(target, bytes);
  return target;
}

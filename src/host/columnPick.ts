/**
 * Columns chosen by hand for a CSV/TSV whose header does not name the roles (or names one role
 * twice): quick picks of its columns, each with its first values, remembered per file in the
 * workspace state and asked again from the panel's "Columns…" button.
 */
import * as vscode from 'vscode';
import { csvPreview, type ColumnChoice, type CsvPreview } from '../inputs/files';
import { byteSource, CHUNK_BYTES } from './fileSource';

const KEY_PREFIX = 'bceLens.columns:';

/** The formats whose columns a person can choose here. */
export function columnFormatOf(uri: vscode.Uri): 'csv' | 'tsv' | undefined {
  const ext = uri.path.split('.').pop()?.toLowerCase();
  return ext === 'csv' ? 'csv' : ext === 'tsv' ? 'tsv' : undefined;
}

export function rememberedColumns(state: vscode.Memento, uri: vscode.Uri): ColumnChoice | undefined {
  const v = state.get<unknown>(KEY_PREFIX + uri.toString());
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const s = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
  const yTrue = s(o.yTrue);
  const yPred = s(o.yPred);
  const weight = s(o.weight);
  return yTrue && yPred ? { yTrue, yPred, ...(weight ? { weight } : {}) } : undefined;
}

/** The first bytes of the file (one chunk), for the preview. */
async function head(uri: vscode.Uri): Promise<Uint8Array> {
  const stat = await vscode.workspace.fs.stat(uri);
  const source = byteSource(uri, vscode.workspace.asRelativePath(uri), stat.size);
  if (source.read) return source.read(0, Math.min(stat.size, CHUNK_BYTES));
  for await (const chunk of source.chunks()) return chunk.slice(0, CHUNK_BYTES);
  return new Uint8Array(0);
}

export async function previewOf(uri: vscode.Uri, format: 'csv' | 'tsv', choice?: ColumnChoice): Promise<CsvPreview | undefined> {
  return csvPreview(await head(uri), format, vscode.workspace.asRelativePath(uri), choice);
}

/** Asks for the columns of a data file and remembers the choice for it in `state`. */
export async function pickFileColumns(uri: vscode.Uri, preview: CsvPreview, state: vscode.Memento): Promise<ColumnChoice | undefined> {
  const choice = await pickColumns(uri.path.split('/').pop() ?? uri.path, preview);
  if (choice) await state.update(KEY_PREFIX + uri.toString(), choice);
  return choice;
}

/**
 * Asks for y_true, y_pred and (optionally) sample_weight among the preview's columns (of a file or
 * of a query, named `name`). Undefined when the person closes a pick. The choice names columns by
 * header name, or by number without one.
 */
export async function pickColumns(name: string, preview: CsvPreview): Promise<ColumnChoice | undefined> {
  const items = preview.names.map((n, i) => ({
    label: preview.hasHeader ? n : vscode.l10n.t('column {0}', n),
    description: preview.rows.map((r) => r[i] ?? '').join(', '),
    // By name where the name says it once and has no comma (a comma lists columns); else by number.
    value: preview.hasHeader && !n.includes(',') && preview.names.indexOf(n) === preview.names.lastIndexOf(n) ? n : String(i + 1),
  }));
  const ask = async (title: string, skip: { value: string }[], optional: boolean) => {
    const offered = items.filter((it) => !skip.some((s) => s.value === it.value));
    const none = { label: vscode.l10n.t('none'), description: vscode.l10n.t('every sample weighs 1'), value: '' };
    return vscode.window.showQuickPick(optional ? [none, ...offered] : offered, {
      title,
      placeHolder: preview.problem ?? vscode.l10n.t('first values of each column are shown beside its name'),
      ignoreFocusOut: true,
    });
  };
  const yTrue = await ask(vscode.l10n.t('BCE Lens: which column of {0} holds the labels (y_true)?', name), [], false);
  if (!yTrue) return undefined;
  const yPred = await ask(vscode.l10n.t('BCE Lens: which column of {0} holds the predictions (y_pred)?', name), [yTrue], false);
  if (!yPred) return undefined;
  const weight = items.length > 2 ? await ask(vscode.l10n.t('BCE Lens: which column of {0} holds the sample weights?', name), [yTrue, yPred], true) : { value: '' };
  if (!weight) return undefined;
  return { yTrue: yTrue.value, yPred: yPred.value, ...(weight.value ? { weight: weight.value } : {}) };
}

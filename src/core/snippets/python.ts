// Python source pieces the frameworks' snippets share: numbers, lists, the arrays from the user's data.
import type { Label, LossInput } from '../lossInput';
import type { Dtype, Reduction } from '../numericTypes';

/** Where the snippet's arrays come from. */
export type SnippetData =
  /** The user's own numbers, written into the snippet (small inputs). */
  | { kind: 'arrays'; input: LossInput }
  /** A data file read with numpy/pandas; columns as BCE Lens found them. */
  | {
      kind: 'file';
      path: string;
      format: string;
      columns: { yTrue: readonly string[]; yPred: readonly string[]; weight?: string };
      /** Rows BCE Lens skipped as invalid: the snippet says so, since pandas will not skip them. */
      skippedRows?: number;
    }
  /** Too many numbers to paste: placeholders the user fills in. */
  | { kind: 'placeholder'; n: number; labels: number; weighted: boolean };

/** The options of the number a snippet reproduces (ResolvedOptions, without the framework's own type). */
export interface SnippetOptions {
  semantics: string;
  fromLogits: boolean;
  labelSmoothing: number;
  reduction: Reduction;
  posWeight?: readonly number[];
  dtype: Dtype;
}

export interface SnippetRequest {
  /** The options of the number to reproduce; their semantics picks the framework. */
  options: SnippetOptions;
  data: SnippetData;
  /** The number BCE Lens computed, quoted in a comment so the user can check the output. */
  expected?: string;
  /** The options in words, quoted in the first comment. */
  description?: string;
}

const MAX_LINE = 96;

/** A JavaScript number as a Python literal: shortest round trip, which Python reads back exactly. */
export function pyNumber(x: number): string {
  if (Number.isNaN(x)) return 'float("nan")';
  if (!Number.isFinite(x)) return x > 0 ? 'float("inf")' : '-float("inf")';
  return Object.is(x, -0) ? '-0.0' : String(x);
}

function pyLabel(y: Label, numeric: boolean): string {
  if (typeof y === 'boolean') return numeric ? (y ? '1' : '0') : y ? 'True' : 'False';
  if (typeof y === 'number') return pyNumber(y);
  return JSON.stringify(y);
}

/** A nested Python list, wrapped to stay readable. */
export function pyList(values: readonly (Label | readonly Label[])[], numeric: boolean): string {
  const items = values.map((v) => (Array.isArray(v) ? `[${(v as readonly Label[]).map((x) => pyLabel(x, numeric)).join(', ')}]` : pyLabel(v as Label, numeric)));
  const flat = `[${items.join(', ')}]`;
  if (flat.length <= MAX_LINE) return flat;
  const out: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (next.length > MAX_LINE - 4 && line) {
      out.push(`    ${line},`);
      line = item;
    } else line = next;
  }
  if (line) out.push(`    ${line},`);
  return `[\n${out.join('\n')}\n]`;
}

function is1d(values: readonly unknown[]): boolean {
  return values.length === 0 || !Array.isArray(values[0]);
}

export interface Arrays {
  /** Python statements defining y_true, y_pred and (maybe) sample_weight as numpy arrays. */
  lines: string[];
  weighted: boolean;
}

/**
 * numpy arrays shaped as BCE Lens reads them: (n, labels), a 1-D list becoming (n, 1), so that
 * "sum" and "none" give the same numbers (a plain 1-D list would be ONE sample for Keras).
 */
/** The input with any Float64Array as a plain array, as the list printers take them. */
function plainArrays(input: LossInput): { yTrue: readonly (Label | readonly Label[])[]; yPred: readonly (number | readonly number[])[]; sampleWeight?: readonly number[] } {
  const plain = <T>(v: readonly T[] | Float64Array): readonly T[] => (v instanceof Float64Array ? (Array.from(v) as T[]) : v);
  return { yTrue: plain(input.yTrue), yPred: plain(input.yPred), ...(input.sampleWeight ? { sampleWeight: plain(input.sampleWeight) } : {}) };
}

export function numpyArrays(data: SnippetData, dtype: string, opts: { columns2d: boolean; numericLabels: boolean }): Arrays {
  const reshape = opts.columns2d ? '.reshape(len(y_true_raw), -1)' : '';
  switch (data.kind) {
    case 'arrays': {
      const input = plainArrays(data.input);
      const lines: string[] = [];
      const yShape = opts.columns2d && is1d(input.yTrue) ? '.reshape(-1, 1)' : '';
      const pShape = opts.columns2d && is1d(input.yPred) ? '.reshape(-1, 1)' : '';
      const labelDtype = opts.numericLabels ? `, dtype="${dtype}"` : '';
      lines.push(`y_true = np.array(${pyList(input.yTrue, opts.numericLabels)}${labelDtype})${yShape}`);
      lines.push(`y_pred = np.array(${pyList(input.yPred, true)}, dtype="${dtype}")${pShape}`);
      if (input.sampleWeight) lines.push(`sample_weight = np.array(${pyList(input.sampleWeight, true)}, dtype="${dtype}")`);
      return { lines, weighted: input.sampleWeight !== undefined };
    }
    case 'placeholder': {
      const shape = data.labels > 1 ? `(${data.n}, ${data.labels})` : opts.columns2d ? `(${data.n}, 1)` : `(${data.n},)`;
      const lines = [
        `# ${data.n} samples are too many to paste here: load your arrays instead.`,
        `y_true = np.load("y_true.npy").astype("${dtype}")  # labels, shape ${shape}`,
        `y_pred = np.load("y_pred.npy").astype("${dtype}")  # predictions, shape ${shape}`,
      ];
      if (data.weighted) lines.push(`sample_weight = np.load("sample_weight.npy").astype("${dtype}")  # shape (${data.n},)`);
      return { lines, weighted: data.weighted };
    }
    case 'file':
      return fileArrays(data, dtype, reshape, opts.numericLabels);
  }
}

export function pyString(s: string): string {
  return JSON.stringify(s);
}

function fileArrays(data: Extract<SnippetData, { kind: 'file' }>, dtype: string, reshape: string, numericLabels: boolean): Arrays {
  const lines: string[] = [];
  const { columns } = data;
  const path = pyString(data.path);
  const numericNames = [...columns.yTrue, ...columns.yPred, ...(columns.weight ? [columns.weight] : [])].every((c) => /^\d+$/.test(c));
  // A CSV without a header names its columns by 1-based number; numpy indexes from 0.
  const base = data.format === 'csv' || data.format === 'tsv' ? 1 : 0;
  const index = (name: string) => String(Number(name) - base);
  const pick = (names: readonly string[], labels: boolean): string => {
    const cast = labels && !numericLabels ? '' : `, dtype="${dtype}"`;
    if (names.length === 1) {
      const one = numericNames ? `table[:, ${index(names[0])}]` : `df[${pyString(names[0])}]`;
      return numericNames ? `np.asarray(${one}${cast})` : `np.asarray(${one}.tolist()${cast})`;
    }
    return numericNames ? `np.asarray(table[:, [${names.map(index).join(', ')}]]${cast})` : `df[[${names.map(pyString).join(', ')}]].to_numpy(${cast.slice(2)})`;
  };
  switch (data.format) {
    case 'npy':
      lines.push(`table = np.load(${path})`);
      break;
    case 'npz':
      lines.push(`df = np.load(${path})  # arrays by name`);
      break;
    case 'csv':
    case 'tsv':
      if (numericNames) lines.push(`table = pd.read_csv(${path}, header=None${data.format === 'tsv' ? ', sep="\\t"' : ''}).to_numpy()`);
      else lines.push(`df = pd.read_csv(${path}${data.format === 'tsv' ? ', sep="\\t"' : ''})`);
      break;
    case 'jsonl':
      lines.push(`df = pd.read_json(${path}, lines=True)`);
      break;
    case 'parquet':
      lines.push(`df = pd.read_parquet(${path})`);
      break;
    case 'arrow':
      lines.push(`df = pd.read_feather(${path})  # an IPC stream (.arrows): pyarrow.ipc.open_stream(path).read_pandas()`);
      break;
    default:
      lines.push(`with open(${path}) as f:`, `    df = pd.DataFrame(json.load(f))  # {"col": [...]} or [{"col": ...}, ...]`);
  }
  if (data.skippedRows) lines.push(`# BCE Lens skipped ${data.skippedRows} invalid row(s); drop the same rows here before comparing.`);
  const yTrue = data.format === 'npz' ? `np.asarray(df[${pyString(columns.yTrue[0])}])` : pick(columns.yTrue, true);
  const yPred = data.format === 'npz' ? `np.asarray(df[${pyString(columns.yPred[0])}], dtype="${dtype}")` : pick(columns.yPred, false);
  lines.push(`y_true_raw = ${yTrue}`);
  lines.push(`y_true = y_true_raw${reshape}`);
  lines.push(`y_pred = ${yPred}${reshape}`);
  if (columns.weight) {
    const w = data.format === 'npz' ? `np.asarray(df[${pyString(columns.weight)}], dtype="${dtype}")` : pick([columns.weight], false);
    lines.push(`sample_weight = ${w}`);
  }
  return { lines, weighted: columns.weight !== undefined };
}

export function fileImports(data: SnippetData): string[] {
  if (data.kind !== 'file' || data.format === 'npy' || data.format === 'npz') return [];
  if (data.format === 'json') return ['import json', 'import pandas as pd'];
  return ['import pandas as pd'];
}

/** A snippet's script: the file's imports, the library's, the arrays, then the lines that compute and print the number. */
export function pythonScript(data: SnippetData, imports: readonly string[], arrays: readonly string[], body: readonly string[]): string[] {
  return [...fileImports(data), ...imports, '', ...arrays, '', ...body];
}

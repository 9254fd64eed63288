import type { Label, LossInput } from './lossInput';
import type { ResolvedOptions } from './options';

export type SnippetFramework = 'keras' | 'torch' | 'sklearn';

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

export interface SnippetRequest {
  framework: SnippetFramework;
  /** The options of the number to reproduce (for Keras: semantics keras or tf-keras2 picks the package). */
  options: ResolvedOptions;
  data: SnippetData;
  /** The number BCE Lens computed, quoted in a comment so the user can check the output. */
  expected?: string;
  /** The options in words, quoted in the first comment. */
  description?: string;
}

const MAX_LINE = 96;

/** A Python snippet that prints the same loss with the real framework. */
export function pythonSnippet(req: SnippetRequest): string {
  const lines: string[] = [];
  if (req.description) lines.push(`# BCE Lens: ${req.description}${req.expected === undefined ? '' : ` → ${req.expected}`}`);
  else if (req.expected !== undefined) lines.push(`# BCE Lens computed ${req.expected}`);
  switch (req.framework) {
    case 'keras':
      lines.push(...(req.options.semantics === 'tf-keras2' ? tfKeras2(req) : keras3(req)));
      break;
    case 'torch':
      lines.push(...torch(req));
      break;
    case 'sklearn':
      lines.push(...sklearn(req));
      break;
  }
  return lines.join('\n') + '\n';
}

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

interface Arrays {
  /** Python statements defining y_true, y_pred and (maybe) sample_weight as numpy arrays. */
  lines: string[];
  weighted: boolean;
}

/**
 * numpy arrays shaped as BCE Lens reads them: (n, labels), a 1-D list becoming (n, 1), so that
 * "sum" and "none" give the same numbers (a plain 1-D list would be ONE sample for Keras).
 */
function numpyArrays(data: SnippetData, dtype: string, opts: { columns2d: boolean; numericLabels: boolean }): Arrays {
  const reshape = opts.columns2d ? '.reshape(len(y_true_raw), -1)' : '';
  switch (data.kind) {
    case 'arrays': {
      const { input } = data;
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

function pyString(s: string): string {
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

function fileImports(data: SnippetData): string[] {
  if (data.kind !== 'file' || data.format === 'npy' || data.format === 'npz') return [];
  if (data.format === 'json') return ['import json', 'import pandas as pd'];
  return ['import pandas as pd'];
}

function keras3(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: true, numericLabels: true });
  const reduction = o.reduction === 'none' ? 'None' : pyString(o.reduction);
  return [
    ...fileImports(req.data),
    'import numpy as np',
    'import keras  # Keras 3',
    '',
    ...arrays.lines,
    '',
    'bce = keras.losses.BinaryCrossentropy(',
    `    from_logits=${o.fromLogits ? 'True' : 'False'},`,
    `    label_smoothing=${pyNumber(o.labelSmoothing)},`,
    `    reduction=${reduction},`,
    `    dtype="${o.dtype}",`,
    ')',
    `loss = bce(y_true, y_pred${arrays.weighted ? ', sample_weight=sample_weight' : ''})`,
    'print(keras.ops.convert_to_numpy(loss))',
  ];
}

function tfKeras2(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: true, numericLabels: true });
  const reduction = { sum_over_batch_size: 'SUM_OVER_BATCH_SIZE', mean: 'SUM_OVER_BATCH_SIZE', sum: 'SUM', none: 'NONE', mean_with_sample_weight: 'SUM_OVER_BATCH_SIZE' }[o.reduction];
  const tfDtype = o.dtype === 'float64' ? 'tf.float64' : 'tf.float32';
  return [
    ...fileImports(req.data),
    'import numpy as np',
    'import tensorflow as tf',
    'import tf_keras as keras  # Keras 2 (pip install tf_keras); before TensorFlow 2.16: from tensorflow import keras',
    '',
    ...arrays.lines,
    '',
    'bce = keras.losses.BinaryCrossentropy(',
    `    from_logits=${o.fromLogits ? 'True' : 'False'},`,
    `    label_smoothing=${pyNumber(o.labelSmoothing)},`,
    `    reduction=keras.losses.Reduction.${reduction},`,
    ')',
    `loss = bce(tf.constant(y_true, ${tfDtype}), tf.constant(y_pred, ${tfDtype})${arrays.weighted ? `, sample_weight=tf.constant(sample_weight, ${tfDtype})` : ''})`,
    'print(loss.numpy())',
  ];
}

function torch(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: true, numericLabels: true });
  const t = (name: string) => `torch.from_numpy(${name})`;
  const args = [t('y_pred'), t('y_true')];
  if (arrays.weighted) args.push(`weight=${t('sample_weight')}.reshape(-1, 1)`);
  if (o.fromLogits && o.posWeight) args.push(`pos_weight=torch.tensor([${o.posWeight.map(pyNumber).join(', ')}], dtype=torch.${o.dtype})`);
  args.push(`reduction="${o.reduction}"`);
  const fn = o.fromLogits ? 'binary_cross_entropy_with_logits' : 'binary_cross_entropy';
  const lines = [...fileImports(req.data), 'import numpy as np', 'import torch', '', ...arrays.lines, ''];
  if (arrays.weighted) lines.push('# BCE Lens reads sample_weight as a per-sample weight: broadcast it over the labels.');
  lines.push(`loss = torch.nn.functional.${fn}(`, ...args.map((a) => `    ${a},`), ')');
  lines.push(o.reduction === 'none' ? 'print(loss.numpy())' : 'print(loss.item())');
  return lines;
}

function sklearn(req: SnippetRequest): string[] {
  const o = req.options;
  // sklearn wants y_true as classes (1-D) and y_pred as the positive-class probability or two columns.
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: false, numericLabels: false });
  const flatten = req.data.kind === 'file' ? ['y_true = np.ravel(y_true)', 'if y_pred.ndim == 2 and y_pred.shape[1] == 1:', '    y_pred = np.ravel(y_pred)'] : [];
  return [
    ...fileImports(req.data),
    'import numpy as np',
    'from sklearn.metrics import log_loss',
    '',
    ...arrays.lines,
    ...flatten,
    '',
    `print(log_loss(y_true, y_pred${arrays.weighted ? ', sample_weight=sample_weight' : ''}${o.reduction === 'sum' ? ', normalize=False' : ''}))`,
  ];
}

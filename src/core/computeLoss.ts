import { BceAccumulator } from './accumulator';
import { BceError, formatPosition } from './errors';
import { framework } from './frameworks/registry';
import { logitsWarning } from './logitsWarning';
import { effectiveDtype, resolveReduction, validateOptions, type LossOptions, type ResolvedOptions } from './options';
import type { Label, LossInput } from './lossInput';
import type { LossResult } from './result';
import { mapSklearnClasses } from './sklearnClasses';


interface Shaped<T> {
  rows: T[][];
  /** Labels per row; 0 means the array was 1-D. */
  width: number;
}

/** Computes the loss of in-memory arrays under one framework's semantics. */
export function computeLoss(input: LossInput, options: LossOptions): LossResult {
  validateOptions(options);
  const fw = framework(options.semantics);
  const yTrue = shape(input.yTrue, 'y_true');
  const yPred = shape(input.yPred, 'y_pred');
  const n = yTrue.rows.length;
  if (n === 0 || yPred.rows.length === 0) throw new BceError('empty', 'the input has no samples');
  const sklearnColumns = fw.classLabels && yPred.width === 2 && yTrue.width <= 1;
  const sameShape = yTrue.width === yPred.width || (yTrue.width <= 1 && yPred.width <= 1) || sklearnColumns;
  if (yPred.rows.length !== n || !sameShape) {
    throw new BceError('shape', `shape mismatch: y_true has shape ${describeShape(yTrue)} but y_pred has shape ${describeShape(yPred)}`);
  }
  const weights = input.sampleWeight;
  if (weights && weights.length !== n) {
    throw new BceError('shape', `shape mismatch: sample_weight has shape (${weights.length},) but there are ${n} samples`);
  }
  if (fw.refuses.multiLabel && yTrue.width > 1) throw new BceError('shape', fw.refuses.multiLabel);
  if (fw.refuses.sampleWeights && weights) throw new BceError('option', fw.refuses.sampleWeights);

  const labels = fw.classNames ? mapSklearnClasses(yTrue.rows.map((r) => r[0]), options.classes) : numericLabels(yTrue.rows);
  const predictions = yPred.rows as number[][];
  let fromLogits: boolean;
  let logitsDetected = false;
  const warnings: string[] = [];
  if (options.fromLogits === 'auto') {
    const outside = findOutsideUnitInterval(predictions);
    if (outside && fw.refuses.logits) {
      throw new BceError(
        'prediction-range',
        `${fw.title} takes probabilities in [0, 1], got ${predictions[outside.index][outside.label]} (these look like logits: apply a sigmoid or choose another semantics)`,
        { array: 'y_pred', index: outside.index, label: yPred.width > 1 ? outside.label : undefined },
      );
    }
    fromLogits = outside !== undefined;
    logitsDetected = fromLogits;
    if (outside) {
      const at = formatPosition({ array: 'y_pred', index: outside.index, label: yPred.width > 1 ? outside.label : undefined });
      warnings.push(logitsWarning(at, String(predictions[outside.index][outside.label])));
    }
  } else fromLogits = options.fromLogits;
  if (!fromLogits && fw.refuses.probabilities) {
    throw new BceError('option', `${fw.refuses.probabilities}: every prediction here lies in [0, 1]`);
  }

  const resolved: ResolvedOptions = {
    semantics: options.semantics,
    fromLogits,
    labelSmoothing: options.labelSmoothing,
    reduction: resolveReduction(options),
    dtype: effectiveDtype(options.semantics, options.dtype),
    ...(options.posWeight && fromLogits ? { posWeight: options.posWeight } : {}),
    ...(options.classes ? { classes: options.classes } : {}),
  };
  if (options.posWeight && !fromLogits) {
    throw new BceError('option', 'pos_weight exists only in BCEWithLogitsLoss (logits), but these predictions are probabilities');
  }
  const acc = new BceAccumulator({
    options: resolved,
    labels: sklearnColumns ? 1 : Math.max(1, yPred.width),
    keepPerSample: resolved.reduction === 'none',
  });
  for (let i = 0; i < n; i++) {
    const w = weights ? toWeight(weights[i], i) : 1;
    if (sklearnColumns) acc.pushSklearnColumns(labels[i][0], predictions[i][0], predictions[i][1], w);
    else acc.pushRow(labels[i], predictions[i], w);
  }
  return acc.result({ logitsDetected, warnings });
}

function shape<T>(values: readonly (T | readonly T[])[], name: 'y_true' | 'y_pred'): Shaped<T> {
  if (!Array.isArray(values)) throw new BceError('shape', `${name} must be an array`);
  if (values.length === 0) return { rows: [], width: 0 };
  const nested = Array.isArray(values[0]);
  let width = nested ? (values[0] as readonly T[]).length : 0;
  const rows = values.map((v, i) => {
    if (Array.isArray(v) !== nested) {
      throw new BceError('shape', `ragged array: expected ${nested ? 'a row of ' + width + ' values' : 'a number'} like element 0, got ${JSON.stringify(v)}`, { array: name, index: i });
    }
    if (!nested) return [v as T];
    const row = v as readonly T[];
    if (row.length !== width) {
      throw new BceError('shape', `ragged array: row ${i} has ${row.length} values but row 0 has ${width}`, { array: name, index: i });
    }
    row.forEach((x, j) => {
      if (Array.isArray(x)) throw new BceError('shape', 'expected at most two dimensions (batch × labels)', { array: name, index: i, label: j });
    });
    return [...row];
  });
  if (nested && width === 0) throw new BceError('empty', `${name} has rows with no values`);
  if (nested && width === 1) width = 1;
  return { rows, width };
}

function describeShape(s: Shaped<unknown>): string {
  return s.width === 0 ? `(${s.rows.length},)` : `(${s.rows.length}, ${s.width})`;
}

function numericLabels(rows: Label[][]): number[][] {
  return rows.map((row, i) =>
    row.map((y, j) => {
      if (typeof y === 'boolean') return y ? 1 : 0;
      if (typeof y === 'number') return y;
      throw new BceError('not-a-number', `expected a number or a boolean label, got ${JSON.stringify(y)} (string classes are only understood by --semantics sklearn)`, {
        array: 'y_true',
        index: i,
        label: row.length > 1 ? j : undefined,
      });
    }),
  );
}

function toWeight(w: unknown, i: number): number {
  if (typeof w !== 'number') throw new BceError('not-a-number', `expected a number, got ${JSON.stringify(w)}`, { array: 'sample_weight', index: i });
  return w;
}

function findOutsideUnitInterval(rows: readonly (readonly unknown[])[]): { index: number; label: number } | undefined {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < row.length; j++) {
      const p = row[j];
      if (typeof p !== 'number') {
        throw new BceError('not-a-number', `expected a number, got ${JSON.stringify(p)}`, { array: 'y_pred', index: i, label: row.length > 1 ? j : undefined });
      }
      if (Number.isFinite(p) && (p < 0 || p > 1)) return { index: i, label: j };
    }
  }
  return undefined;
}

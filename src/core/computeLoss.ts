import { BceAccumulator } from './accumulator';
import { resolvedOf } from './compareSemantics';
import { BceError, formatPosition } from './errors';
import { framework } from './frameworks/registry';
import { logitsWarning } from './logitsWarning';
import { effectiveDtype, resolveReduction, validateOptions, type LossOptions, type ResolvedOptions } from './options';
import type { Label, LossInput } from './lossInput';
import type { LossResult } from './result';
import { mapSklearnClasses, sklearnClassIndices } from './sklearnClasses';
import type { Framework } from './frameworks/framework';
import { numberColumn, scalarColumn } from './inputColumns';


interface Shaped<T> {
  rows: T[][];
  /** Labels per row; 0 means the array was 1-D. */
  width: number;
}

/** Computes the loss of in-memory arrays under one framework's semantics. */
export function computeLoss(input: LossInput, options: LossOptions): LossResult {
  return compute(input, options, false);
}

/** What a comparison's row shows of a result: the loss and the options it was computed with. */
export type LossOnly = Pick<LossResult, 'loss'> & ResolvedOptions;

/**
 * computeLoss's loss, the same bits and the same errors, without the statistics beside it (class
 * sums, extremes, histogram, worst samples): each row of a selection's comparison is a pass over
 * its arrays, and these took a quarter to a half of each.
 */
export function computeLossOnly(input: LossInput, options: LossOptions): LossOnly {
  const r = compute(input, options, true);
  return { loss: r.loss, ...resolvedOf(r) };
}

function compute(input: LossInput, options: LossOptions, lossOnly: boolean): LossResult {
  validateOptions(options);
  const fw = framework(options.semantics);
  // 1-D arrays (the bulk of large selections) are read in place, element by element, without a row each.
  const yTrueColumn = scalarColumn(input.yTrue);
  const yPredColumn = yTrueColumn && numberColumn(input.yPred);
  if (yTrueColumn && yPredColumn) return columnLoss(yTrueColumn, yPredColumn, input.sampleWeight, options, fw, lossOnly);
  return rowLoss(input, options, fw, lossOnly);
}

/**
 * The general path: every sample read as a row (a value as a row of one). computeLoss takes it
 * for 2-D arrays; exported for the test that holds the 1-D path to it.
 */
export function rowLoss(input: LossInput, options: LossOptions, fw: Framework, lossOnly = false): LossResult {
  const yTrue = shape<Label>(input.yTrue, 'y_true');
  const yPred = shape<number>(input.yPred, 'y_pred');
  const n = yTrue.rows.length;
  if (n === 0 || yPred.rows.length === 0) throw new BceError('empty', 'the input has no samples');
  const sklearnColumns = fw.classLabels && yPred.width === 2 && yTrue.width <= 1;
  const sameShape = yTrue.width === yPred.width || (yTrue.width <= 1 && yPred.width <= 1) || sklearnColumns;
  if (yPred.rows.length !== n || !sameShape) {
    throw new BceError('shape', `shape mismatch: y_true has shape ${describeShape(yTrue)} but y_pred has shape ${describeShape(yPred)}`);
  }
  const weights = input.sampleWeight;
  checkWeights(weights, n, fw);
  if (fw.refuses.multiLabel && yTrue.width > 1) throw new BceError('shape', fw.refuses.multiLabel);

  const labels = fw.classNames ? mapSklearnClasses(yTrue.rows.map((r) => r[0]), options.classes) : numericLabels(yTrue.rows);
  const predictions = yPred.rows as number[][];
  const decided = decideLogits(options, fw, () => findOutsideUnitInterval(predictions), (at) => predictions[at.index][at.label], yPred.width > 1);
  const acc = new BceAccumulator({
    options: decided.resolved,
    labels: sklearnColumns ? 1 : Math.max(1, yPred.width),
    keepPerSample: decided.resolved.reduction === 'none',
    lossOnly,
  });
  for (let i = 0; i < n; i++) {
    const w = weights ? toWeight(weights[i], i) : 1;
    if (sklearnColumns) acc.pushSklearnColumns(labels[i][0], predictions[i][0], predictions[i][1], w);
    else acc.pushRow(labels[i], predictions[i], w);
  }
  return acc.result({ logitsDetected: decided.logitsDetected, warnings: decided.warnings });
}

/**
 * 1-D labels and predictions: what rowLoss computes on them, bit for bit (the same checks in the
 * same order, each sample through pushSingle, which is pushRow of one label), without a row per
 * element or a copy of the predictions.
 */
function columnLoss(yTrue: ArrayLike<Label>, yPred: ArrayLike<number>, weights: LossInput['sampleWeight'], options: LossOptions, fw: Framework, lossOnly: boolean): LossResult {
  const n = yTrue.length;
  if (n === 0 || yPred.length === 0) throw new BceError('empty', 'the input has no samples');
  if (yPred.length !== n) throw new BceError('shape', `shape mismatch: y_true has shape (${n},) but y_pred has shape (${yPred.length},)`);
  checkWeights(weights, n, fw);
  const labels = fw.classNames ? sklearnClassIndices(yTrue, options.classes) : numericColumn(yTrue);
  const decided = decideLogits(options, fw, () => outsideUnitInterval(yPred), (at) => yPred[at.index], false);
  const acc = new BceAccumulator({ options: decided.resolved, labels: 1, keepPerSample: decided.resolved.reduction === 'none', lossOnly });
  const typedWeights = weights instanceof Float64Array;
  for (let i = 0; i < n; i++) {
    const w = weights ? (typedWeights ? weights[i] : toWeight(weights[i], i)) : 1;
    acc.pushSingle(labels[i], yPred[i], w);
  }
  return acc.result({ logitsDetected: decided.logitsDetected, warnings: decided.warnings });
}

function checkWeights(weights: LossInput['sampleWeight'], n: number, fw: Framework): void {
  if (weights && weights.length !== n) {
    throw new BceError('shape', `shape mismatch: sample_weight has shape (${weights.length},) but there are ${n} samples`);
  }
  if (fw.refuses.sampleWeights && weights) throw new BceError('option', fw.refuses.sampleWeights);
}

interface Decided {
  resolved: ResolvedOptions;
  logitsDetected: boolean;
  warnings: string[];
}

/** from_logits 'auto' decided by the first prediction outside [0, 1]; the options resolved. */
function decideLogits(
  options: LossOptions,
  fw: Framework,
  findOutside: () => { index: number; label: number } | undefined,
  valueAt: (at: { index: number; label: number }) => number,
  multiLabel: boolean,
): Decided {
  let fromLogits: boolean;
  let logitsDetected = false;
  const warnings: string[] = [];
  if (options.fromLogits === 'auto') {
    const outside = findOutside();
    if (outside && fw.refuses.logits) {
      throw new BceError(
        'prediction-range',
        `${fw.title} takes probabilities in [0, 1], got ${valueAt(outside)} (these look like logits: apply a sigmoid or choose another semantics)`,
        { array: 'y_pred', index: outside.index, label: multiLabel ? outside.label : undefined },
      );
    }
    fromLogits = outside !== undefined;
    logitsDetected = fromLogits;
    if (outside) {
      const at = formatPosition({ array: 'y_pred', index: outside.index, label: multiLabel ? outside.label : undefined });
      warnings.push(logitsWarning(at, String(valueAt(outside))));
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
  return { resolved, logitsDetected, warnings };
}

function shape<T>(values: ArrayLike<T | readonly T[]>, name: 'y_true' | 'y_pred'): Shaped<T> {
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

/** numericLabels of a 1-D array: the array itself when it holds numbers only, else a copy with booleans as 1 and 0. */
function numericColumn(labels: ArrayLike<Label>): ArrayLike<number> {
  if (labels instanceof Float64Array) return labels;
  let copy: Float64Array | undefined;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (typeof y === 'number') {
      if (copy) copy[i] = y;
      continue;
    }
    if (typeof y !== 'boolean') {
      throw new BceError('not-a-number', `expected a number or a boolean label, got ${JSON.stringify(y)} (string classes are only understood by --semantics sklearn)`, { array: 'y_true', index: i, label: undefined });
    }
    if (!copy) {
      copy = new Float64Array(labels.length);
      for (let k = 0; k < i; k++) copy[k] = labels[k] as number;
    }
    copy[i] = y ? 1 : 0;
  }
  return copy ?? (labels as ArrayLike<number>);
}

function toWeight(w: unknown, i: number): number {
  if (typeof w !== 'number') throw new BceError('not-a-number', `expected a number, got ${JSON.stringify(w)}`, { array: 'sample_weight', index: i });
  return w;
}

/** findOutsideUnitInterval of a 1-D array of numbers. */
function outsideUnitInterval(p: ArrayLike<number>): { index: number; label: number } | undefined {
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (Number.isFinite(v) && (v < 0 || v > 1)) return { index: i, label: 0 };
  }
  return undefined;
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

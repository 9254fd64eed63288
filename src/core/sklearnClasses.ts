import { BceError } from './errors';
import type { Label } from './lossInput';

/**
 * sklearn's LabelBinarizer view of y_true: labels are classes, sorted; the larger one is the
 * positive class. Non-integer numbers are "continuous" targets, which sklearn refuses.
 * Returns each sample's class index (0 or 1) as a one-element row.
 */
export function mapSklearnClasses(labels: ArrayLike<Label>, given?: readonly Label[]): number[][] {
  return Array.from(sklearnClassIndices(labels, given), (k) => [k]);
}

/** mapSklearnClasses as one flat array: each sample's class index, 0 or 1. */
export function sklearnClassIndices(labels: ArrayLike<Label>, given?: readonly Label[]): Float64Array {
  if (given) return mapGivenClasses(labels, given);
  return twoNumberClasses(labels) ?? anyClasses(labels);
}

/**
 * The common case in one pass without a copy: integer labels of two values. Undefined for
 * anything else (strings, booleans, a bad label, one class or three), which anyClasses reads
 * and names.
 */
function twoNumberClasses(labels: ArrayLike<Label>): Float64Array | undefined {
  let low = NaN;
  let high = NaN;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (typeof y !== 'number' || !Number.isInteger(y)) return undefined;
    // === as the general path's indexOf compares (and a Set: −0 is 0).
    if (y === low || y === high) continue;
    if (low !== low) low = y;
    else if (high !== high) high = y;
    else return undefined;
  }
  if (high !== high) return undefined;
  const positive = Math.max(low, high);
  const out = new Float64Array(labels.length);
  for (let i = 0; i < out.length; i++) out[i] = labels[i] === positive ? 1 : 0;
  return out;
}

/** Any labels, read as scikit-learn reads them; exported for the test that holds twoNumberClasses to it. */
export function anyClasses(labels: ArrayLike<Label>): Float64Array {
  const kind = typeof labels[0];
  const normalised: (number | string)[] = new Array<number | string>(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (typeof y !== kind) {
      throw new BceError('not-a-number', `mixed label types: expected a ${kind} like y_true[0], got ${JSON.stringify(y)}`, { array: 'y_true', index: i });
    }
    if (typeof y === 'number') {
      if (!Number.isFinite(y)) throw new BceError('not-finite', `expected a finite label, got ${y}`, { array: 'y_true', index: i });
      if (!Number.isInteger(y)) {
        throw new BceError('label-range', `scikit-learn's log_loss needs class labels; ${y} is continuous ("Unknown label type: continuous")`, { array: 'y_true', index: i });
      }
    }
    normalised[i] = typeof y === 'boolean' ? (y ? 1 : 0) : y;
  }
  const classes = [...new Set(normalised)].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  if (classes.length === 1) {
    throw new BceError(
      'single-class',
      `y_true contains only one label (${JSON.stringify(labels[0])}); scikit-learn's log_loss then needs the labels argument, so the loss is undefined here`,
    );
  }
  if (classes.length > 2) {
    throw new BceError('label-range', `y_true has ${classes.length} classes (${classes.slice(0, 5).map((c) => JSON.stringify(c)).join(', ')}…); binary cross-entropy needs two`);
  }
  const out = new Float64Array(labels.length);
  for (let i = 0; i < out.length; i++) out[i] = normalised[i] === classes[1] ? 1 : 0;
  return out;
}

/**
 * log_loss(…, labels=given): LabelBinarizer fitted on the two given classes (sorted, the larger
 * positive), so y_true may hold one of them only; a value outside them is refused.
 */
function mapGivenClasses(labels: ArrayLike<Label>, given: readonly Label[]): Float64Array {
  const norm = (y: Label): Label => (typeof y === 'boolean' ? (y ? 1 : 0) : y);
  const classes = given.map(norm).sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1));
  const out = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    const k = classes.indexOf(norm(y));
    if (k < 0) {
      throw new BceError('label-range', `y_true holds ${JSON.stringify(y)}, which is not one of the given labels ${JSON.stringify(given)}`, { array: 'y_true', index: i });
    }
    out[i] = k;
  }
  return out;
}

/**
 * scikit-learn's labels argument as a user writes it (a setting, or `--labels 0,1` split at the
 * comma): two classes, a number written as text read as the number; undefined unless two values.
 */
export function classesFrom(values: unknown): (number | string)[] | undefined {
  if (!Array.isArray(values) || values.length !== 2) return undefined;
  const out: (number | string)[] = [];
  for (const x of values) {
    if (typeof x === 'number' && Number.isFinite(x)) out.push(x);
    else if (typeof x === 'string' && x.trim() !== '') out.push(Number.isFinite(Number(x)) ? Number(x) : x.trim());
    else return undefined;
  }
  return out;
}

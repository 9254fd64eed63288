import { columnsLoss, makeElementLoss } from './elementLoss';
import { framework } from './frameworks/registry';
import type { Label, LossInput } from './lossInput';
import type { ResolvedOptions } from './options';
import { mapSklearnClasses } from './sklearnClasses';
import { rowOf } from './inputColumns';

/** One sample of a small input, for the panel's table, its explain view and the points on the curve. */
export interface SampleLoss {
  index: number;
  /** Labels as the user wrote them (numbers, booleans or class names). */
  yTrue: Label[];
  /** Labels as numbers: 0/1 classes for scikit-learn, booleans as 0/1. */
  y: number[];
  /** Predictions as given (two columns [P(0), P(1)] for scikit-learn's 2-column form). */
  yPred: number[];
  weight: number;
  /** Unweighted loss of each label (one entry for scikit-learn's 2-column form). */
  elements: number[];
  /** Unweighted loss of the sample: the mean over its labels, rounded as BceAccumulator rounds it. */
  loss: number;
}

const f = Math.fround;

/**
 * Per-sample losses of an input that computeLoss already accepted with these (resolved) options.
 * It follows computeLoss' reading: a 1-D array is n samples of one label, scikit-learn maps the
 * labels to classes and takes a 2-column y_pred as [P(0), P(1)]. Call it only after computeLoss
 * succeeded: it does not validate again.
 */
export function sampleLosses(input: LossInput, o: ResolvedOptions): SampleLoss[] {
  const n = input.yTrue.length;
  // Small inputs only (the panel's table): a row of each, copied.
  const rawLabels = Array.from({ length: n }, (_, i) => [...rowOf<Label>(input.yTrue, i)]);
  const predictions = Array.from({ length: input.yPred.length }, (_, i) => [...rowOf<number>(input.yPred, i)]);
  const classes = framework(o.semantics).classLabels;
  const numeric: number[][] =
    framework(o.semantics).classNames ? mapSklearnClasses(rawLabels.map((r) => r[0]), o.classes) : rawLabels.map((r) => r.map((y) => (typeof y === 'boolean' ? (y ? 1 : 0) : Number(y))));
  const sklearnColumns = classes && predictions.length > 0 && predictions[0].length === 2 && rawLabels[0].length === 1;
  const loss = makeElementLoss(o);
  const f32 = o.dtype === 'float32';
  const pw = (j: number) => (o.posWeight ? (o.posWeight.length === 1 ? o.posWeight[0] : o.posWeight[j]) : 1);
  const out: SampleLoss[] = [];
  for (let i = 0; i < n; i++) {
    const y = numeric[i];
    const p = predictions[i];
    const weight = input.sampleWeight ? input.sampleWeight[i] : 1;
    let elements: number[];
    let sampleLoss: number;
    if (sklearnColumns) {
      const l = columnsLoss(o, y[0], p[0], p[1]);
      elements = [l];
      sampleLoss = l;
    } else {
      elements = p.map((pj, j) => loss(y[j], pj, pw(j)));
      // The same order and rounding as BceAccumulator.pushRow, so the table matches the statistics.
      let rowSum = 0;
      for (const l of elements) rowSum = f32 ? f(rowSum + l) : rowSum + l;
      const L = elements.length;
      sampleLoss = L === 1 ? rowSum : f32 ? f(rowSum / L) : rowSum / L;
    }
    out.push({ index: i, yTrue: rawLabels[i], y, yPred: p, weight, elements, loss: sampleLoss });
  }
  return out;
}

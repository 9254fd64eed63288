import { columnsLoss, makeElementLoss } from './elementLoss';
import { framework } from './frameworks/registry';
import { BceError } from './errors';
import type { Label, LossInput } from './lossInput';
import { sigmoid } from './lossCurve';
import { binaryMetrics, type BinaryMetrics } from './metrics';
import type { ResolvedOptions } from './options';
import type { MetricsErrorBound } from './metricsSketch';
import { sklearnClassIndices } from './sklearnClasses';
import { isNested } from './inputColumns';

/** Metrics of each label, and the loss's skill against predicting the base rate. */
export interface LabelMetrics extends BinaryMetrics {
  /** 1 − loss / baselineLoss for this label's mean loss (undefined when the baseline is 0). */
  skill?: number;
  /** Present when the metrics come from a sketch (streamed files past the in-memory limit). */
  errorBound?: MetricsErrorBound;
}

/**
 * The metrics of in-memory arrays that computeLoss accepted with these options: labels read as
 * the framework reads them (classes for scikit-learn), logits through the sigmoid, one entry per
 * label. Skill compares like with like: each label's weighted mean loss Σ w·ℓ / Σ w, as the
 * base-rate loss is, from the framework's own element loss.
 */
export function inputMetrics(input: LossInput, o: ResolvedOptions): LabelMetrics[] {
  const { yTrue, yPred, sampleWeight } = input;
  const n = yTrue.length;
  const fw = framework(o.semantics);
  // Element j of sample i, read in place: a 1-D array is n samples of one label.
  const nestedTrue = isNested(yTrue);
  const nestedPred = isNested(yPred);
  const rawLabel = (i: number, j: number): Label | undefined => (nestedTrue ? (yTrue[i] as readonly Label[])[j] : j === 0 ? (yTrue[i] as Label) : undefined);
  const prediction = (i: number, j: number): number => (nestedPred ? (yPred[i] as readonly number[])[j] : j === 0 ? (yPred[i] as number) : NaN);
  const classIndices = fw.classNames ? sklearnClassIndices(Array.from({ length: n }, (_, i) => rawLabel(i, 0) as Label), o.classes) : undefined;
  const label = (i: number, j: number): number | undefined => {
    if (classIndices) return j === 0 ? classIndices[i] : undefined;
    const y = rawLabel(i, j);
    return typeof y === 'boolean' ? (y ? 1 : 0) : y === undefined ? undefined : Number(y);
  };
  const predWidth = yPred.length === 0 ? 0 : nestedPred ? (yPred[0] as readonly number[]).length : 1;
  const trueWidth = n === 0 ? 0 : nestedTrue ? (yTrue[0] as readonly Label[]).length : 1;
  const twoColumns = fw.classLabels && yPred.length > 0 && predWidth === 2 && trueWidth === 1;
  const width = twoColumns ? 1 : predWidth;
  const element = makeElementLoss(o);
  const posWeight = (j: number) => (o.posWeight ? (o.posWeight.length === 1 ? o.posWeight[0] : o.posWeight[j]) : 1);
  const out: LabelMetrics[] = [];
  for (let j = 0; j < width; j++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = label(i, j);
      if (v !== 0 && v !== 1) throw new BceError('label-range', `metrics need labels 0 or 1 (hard labels), got ${v}`, { array: 'y_true', index: i, label: width > 1 ? j : undefined });
      y[i] = v;
    }
    const p = new Float64Array(yPred.length);
    for (let i = 0; i < p.length; i++) {
      const v = twoColumns ? prediction(i, 1) / (prediction(i, 0) + prediction(i, 1)) : prediction(i, j);
      p[i] = o.fromLogits ? sigmoid(v) : Math.min(Math.max(v, 0), 1);
    }
    const m = binaryMetrics(y, p, sampleWeight);
    let weightedLoss = 0;
    for (let i = 0; i < yPred.length; i++) {
      const l = twoColumns ? columnsLoss(o, y[i], prediction(i, 0), prediction(i, 1)) : element(y[i], prediction(i, j), posWeight(j));
      weightedLoss += (sampleWeight ? sampleWeight[i] : 1) * l;
    }
    const loss = weightedLoss / m.weightSum;
    out.push({ ...m, ...(m.baselineLoss > 0 ? { skill: 1 - loss / m.baselineLoss } : {}) });
  }
  return out;
}

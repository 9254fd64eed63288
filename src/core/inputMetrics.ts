import { columnsLoss, makeElementLoss } from './elementLoss';
import { framework } from './frameworks/registry';
import { BceError } from './errors';
import type { Label, LossInput } from './lossInput';
import { sigmoid } from './lossCurve';
import { binaryMetrics, type BinaryMetrics } from './metrics';
import type { ResolvedOptions } from './options';
import type { MetricsErrorBound } from './metricsSketch';
import { mapSklearnClasses } from './sklearnClasses';

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
  const rows = <T>(v: T | readonly T[]): T[] => (Array.isArray(v) ? [...(v as readonly T[])] : [v as T]);
  const rawLabels = input.yTrue.map((v) => rows<Label>(v));
  const predictions = input.yPred.map((v) => rows<number>(v));
  const fw = framework(o.semantics);
  const labels = fw.classNames ? mapSklearnClasses(rawLabels.map((r) => r[0]), o.classes) : rawLabels.map((r) => r.map((y) => (typeof y === 'boolean' ? (y ? 1 : 0) : Number(y))));
  const twoColumns = fw.classLabels && predictions.length > 0 && predictions[0].length === 2 && rawLabels[0].length === 1;
  const width = twoColumns ? 1 : predictions[0]?.length ?? 0;
  const element = makeElementLoss(o);
  const posWeight = (j: number) => (o.posWeight ? (o.posWeight.length === 1 ? o.posWeight[0] : o.posWeight[j]) : 1);
  const out: LabelMetrics[] = [];
  for (let j = 0; j < width; j++) {
    const y = labels.map((r, i) => {
      const v = r[j];
      if (v !== 0 && v !== 1) throw new BceError('label-range', `metrics need labels 0 or 1 (hard labels), got ${v}`, { array: 'y_true', index: i, label: width > 1 ? j : undefined });
      return v;
    });
    const p = predictions.map((r) => {
      const v = twoColumns ? r[1] / (r[0] + r[1]) : r[j];
      return o.fromLogits ? sigmoid(v) : Math.min(Math.max(v, 0), 1);
    });
    const m = binaryMetrics(y, p, input.sampleWeight);
    let weightedLoss = 0;
    predictions.forEach((r, i) => {
      const l = twoColumns ? columnsLoss(o, y[i], r[0], r[1]) : element(y[i], r[j], posWeight(j));
      weightedLoss += (input.sampleWeight ? input.sampleWeight[i] : 1) * l;
    });
    const loss = weightedLoss / m.weightSum;
    out.push({ ...m, ...(m.baselineLoss > 0 ? { skill: 1 - loss / m.baselineLoss } : {}) });
  }
  return out;
}

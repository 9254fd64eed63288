/**
 * What the loss says about the classifier, beside the loss: the reference point of always
 * predicting the base rate, the Brier score, ROC AUC and average precision, the confusion matrix at
 * 0.5 and at the F1-best threshold, and the reliability diagram. Exact, from the samples in memory
 * (a sort), with scikit-learn 1.2's definitions (sklearn/metrics/_ranking.py, _classification.py,
 * sklearn/calibration.py calibration_curve), sample weights included where scikit-learn takes them.
 */
import { descendingOrder } from './descendingOrder';
import { BceError } from './errors';

export interface Confusion {
  threshold: number;
  /** Weighted counts: predicted positive when p ≥ threshold. */
  truePositive: number;
  falsePositive: number;
  trueNegative: number;
  falseNegative: number;
  accuracy: number;
  /** 0 where undefined, as scikit-learn's zero_division="warn" returns. */
  precision: number;
  recall: number;
  f1: number;
}

export interface CalibrationBin {
  /** Mean predicted probability, and the share of positives, of the bin's samples. */
  meanPredicted: number;
  fractionPositive: number;
  /** Samples (weighted) in the bin. */
  weight: number;
}

export interface Calibration {
  /** Non-empty bins only, as calibration_curve returns them. */
  bins: CalibrationBin[];
  /** Σ (weight of bin / total) · |fraction positive − mean predicted|, and the largest gap. */
  expectedError: number;
  maximumError: number;
}

export interface BinaryMetrics {
  /** Samples and their total weight. */
  n: number;
  weightSum: number;
  /** Σ w·y / Σ w. */
  baseRate: number;
  /** The log loss of predicting the base rate for every sample (natural log), and 1 − loss / baseline. */
  baselineLoss: number;
  brier: number;
  /** undefined with one class only (scikit-learn raises there). */
  rocAuc?: number;
  averagePrecision?: number;
  atHalf: Confusion;
  /** The threshold (one of the predictions) with the largest F1. */
  bestF1?: Confusion;
  calibration: { uniform: Calibration; quantile: Calibration };
  /** The weighted true and false positives at every threshold of the threshold view. */
  thresholds: ThresholdCurve;
}

/** The threshold view's thresholds: k / THRESHOLD_STEPS for k = 0 … THRESHOLD_STEPS. */
export const THRESHOLD_STEPS = 100;

export interface ThresholdCurve {
  /** truePositive[k], falsePositive[k]: weighted counts with p ≥ k / THRESHOLD_STEPS. */
  truePositive: number[];
  falsePositive: number[];
  positives: number;
  negatives: number;
}

/**
 * Builds a ThresholdCurve from groups given in descending score with their cumulative weighted
 * true and false positives: a threshold takes the last group at or above it.
 */
export class ThresholdWalk {
  private k = THRESHOLD_STEPS;
  private tps = 0;
  private fps = 0;
  private readonly tp = new Array<number>(THRESHOLD_STEPS + 1);
  private readonly fp = new Array<number>(THRESHOLD_STEPS + 1);

  add(score: number, tps: number, fps: number): void {
    while (this.k >= 0 && score < this.k / THRESHOLD_STEPS) this.close();
    this.tps = tps;
    this.fps = fps;
  }

  finish(positives: number, negatives: number): ThresholdCurve {
    while (this.k >= 0) this.close();
    return { truePositive: this.tp, falsePositive: this.fp, positives, negatives };
  }

  private close(): void {
    this.tp[this.k] = this.tps;
    this.fp[this.k] = this.fps;
    this.k--;
  }
}

/** Bins of the reliability diagram, as the issue asks (calibration_curve's n_bins). */
export const CALIBRATION_BINS = 10;
const BINS = CALIBRATION_BINS;

/**
 * Metrics of one label: y are 0/1 labels, p probabilities in [0, 1], w optional weights. Throws
 * when a label is not 0 or 1 (these metrics are for hard labels).
 */
export function binaryMetrics(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): BinaryMetrics {
  const n = y.length;
  if (n === 0) throw new BceError('empty', 'the input has no samples');
  let weightSum = 0;
  let positives = 0;
  let brierSum = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new BceError('label-range', `metrics need labels 0 or 1, got ${y[i]}`, { array: 'y_true', index: i });
    const wi = w ? w[i] : 1;
    weightSum += wi;
    positives += wi * y[i];
    brierSum += wi * (y[i] - p[i]) * (y[i] - p[i]);
  }
  const baseRate = positives / weightSum;
  const negatives = weightSum - positives;
  const baselineLoss = baseRate <= 0 || baseRate >= 1 ? 0 : -(baseRate * Math.log(baseRate) + (1 - baseRate) * Math.log(1 - baseRate));
  // Descending by score, as _binary_clf_curve sorts (stable: mergesort on −score).
  const order = descendingOrder(p);
  const groups = rankGroups(order, y, p, w);
  const ranking = positives > 0 && negatives > 0 ? rankingMetrics(groups, positives, negatives) : undefined;
  return {
    n,
    weightSum,
    baseRate,
    baselineLoss,
    brier: brierSum / weightSum,
    ...(ranking ? { rocAuc: ranking.auc, averagePrecision: ranking.ap } : {}),
    atHalf: confusion(0.5, groups, positives, negatives),
    ...(ranking ? { bestF1: confusion(ranking.bestThreshold, groups, positives, negatives) } : {}),
    calibration: { uniform: calibration(y, p, w, uniformEdges()), quantile: calibration(y, p, w, quantileEdges(p)) },
    thresholds: thresholdCurve(groups, positives, negatives),
  };
}

/** Distinct scores in descending order with the cumulative weighted true and false positives at each. */
export interface Group {
  score: number;
  tps: number;
  fps: number;
}

function rankGroups(order: ArrayLike<number>, y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): Group[] {
  const groups: Group[] = [];
  let tps = 0;
  let fps = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const wi = w ? w[i] : 1;
    tps += wi * y[i];
    fps += wi * (1 - y[i]);
    if (k + 1 === order.length || p[order[k + 1]] !== p[i]) groups.push({ score: p[i], tps, fps });
  }
  return groups;
}

/**
 * roc_auc_score: the trapezoids under (fpr, tpr) through every distinct threshold, ties counted
 * half; average_precision_score: Σ (R_k − R_{k−1})·P_k (no interpolation).
 */
export function rankingMetrics(groups: Group[], positives: number, negatives: number): { auc: number; ap: number; bestThreshold: number } {
  let auc = 0;
  let ap = 0;
  let tprBefore = 0;
  let fprBefore = 0;
  let bestF1 = -1;
  let bestThreshold = groups[0].score;
  for (const g of groups) {
    const tpr = g.tps / positives;
    const fpr = g.fps / negatives;
    auc += ((fpr - fprBefore) * (tpr + tprBefore)) / 2;
    const precision = g.tps + g.fps > 0 ? g.tps / (g.tps + g.fps) : 0;
    ap += (tpr - tprBefore) * precision;
    const f1 = precision + tpr > 0 ? (2 * precision * tpr) / (precision + tpr) : 0;
    if (f1 > bestF1) {
      bestF1 = f1;
      bestThreshold = g.score;
    }
    tprBefore = tpr;
    fprBefore = fpr;
  }
  return { auc, ap, bestThreshold };
}

function thresholdCurve(groups: Group[], positives: number, negatives: number): ThresholdCurve {
  const walk = new ThresholdWalk();
  for (const g of groups) walk.add(g.score, g.tps, g.fps);
  return walk.finish(positives, negatives);
}

/** The weighted confusion matrix with p ≥ threshold predicted positive, and its metrics. */
export function confusion(threshold: number, groups: Group[], positives: number, negatives: number): Confusion {
  let tp = 0;
  let fp = 0;
  for (const g of groups) {
    if (g.score < threshold) break;
    tp = g.tps;
    fp = g.fps;
  }
  return confusionOf(threshold, tp, fp, positives, negatives);
}

/** The confusion matrix and its metrics from the weighted true and false positives at p ≥ threshold. */
export function confusionOf(threshold: number, tp: number, fp: number, positives: number, negatives: number): Confusion {
  const fn = positives - tp;
  const tn = negatives - fp;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = positives > 0 ? tp / positives : 0;
  return {
    threshold,
    truePositive: tp,
    falsePositive: fp,
    trueNegative: tn,
    falseNegative: fn,
    accuracy: (tp + tn) / (positives + negatives),
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

/** np.linspace(0, 1, n_bins + 1), as scikit-learn 1.2's calibration_curve makes it (k · 0.1). */
export function uniformEdges(): number[] {
  return Array.from({ length: BINS + 1 }, (_, k) => (k === BINS ? 1 : k * (1 / BINS)));
}

/** np.percentile(p, linspace(0, 1, n_bins + 1) * 100), numpy's linear method step by step. */
function quantileEdges(p: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(p).sort();
  const last = sorted.length - 1;
  return uniformEdges().map((q) => {
    const at = ((q * 100) / 100) * last;
    const lo = Math.floor(at);
    const hi = Math.min(lo + 1, last);
    const t = at - lo;
    const diff = sorted[hi] - sorted[lo];
    // numpy's _lerp: from the nearer end, so t = 1 gives b exactly.
    return t >= 0.5 ? sorted[hi] - diff * (1 - t) : sorted[lo] + diff * t;
  });
}

/** calibration_curve's bins: binids = np.searchsorted(edges[1:-1], p) (side "left"), non-empty bins only. */
function calibration(y: ArrayLike<number>, p: ArrayLike<number>, w: ArrayLike<number> | undefined, edges: number[]): Calibration {
  const inner = edges.slice(1, -1);
  const sums = new Float64Array(BINS);
  const trues = new Float64Array(BINS);
  const totals = new Float64Array(BINS);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    let b = 0;
    while (b < inner.length && inner[b] < p[i]) b++;
    const wi = w ? w[i] : 1;
    sums[b] += wi * p[i];
    trues[b] += wi * y[i];
    totals[b] += wi;
    total += wi;
  }
  return calibrationOf(sums, trues, totals, total);
}

/** The non-empty bins and the calibration errors from each bin's Σ w·p, Σ w·y and Σ w. */
export function calibrationOf(sums: ArrayLike<number>, trues: ArrayLike<number>, totals: ArrayLike<number>, total: number): Calibration {
  const bins: CalibrationBin[] = [];
  let expectedError = 0;
  let maximumError = 0;
  for (let b = 0; b < totals.length; b++) {
    if (totals[b] === 0) continue;
    const bin = { meanPredicted: sums[b] / totals[b], fractionPositive: trues[b] / totals[b], weight: totals[b] };
    const gap = Math.abs(bin.fractionPositive - bin.meanPredicted);
    expectedError += (totals[b] / total) * gap;
    maximumError = Math.max(maximumError, gap);
    bins.push(bin);
  }
  return { bins, expectedError, maximumError };
}

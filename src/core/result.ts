import type { Label } from './lossInput';
import type { Dtype, Reduction, Semantics } from './options';
import type { WorstSample } from './worstSamples';

/** Everything the CLI and the panel show about one computation. */
export interface LossResult {
  /** A number, or per-sample values for reduction "none" (nested per label for torch multi-label). */
  loss: number | number[] | number[][];
  semantics: Semantics;
  fromLogits: boolean;
  /** True when fromLogits was "auto" and a prediction outside [0, 1] decided it. */
  logitsDetected: boolean;
  labelSmoothing: number;
  reduction: Reduction;
  dtype: Dtype;
  posWeight?: number[];
  /** scikit-learn's `labels` argument, when given. */
  classes?: Label[];
  /** The options in words, e.g. "Keras 3 · probabilities · mean over batch · float64" (label smoothing named when not 0). */
  description: string;
  /** Samples (rows). */
  n: number;
  /** Labels per sample (1 for 1-D input). */
  labels: number;
  stats: LossStats;
  /** Things the user should know that are not errors (e.g. predictions clipped as the framework does). */
  warnings: string[];
}

export interface LossStats {
  /** Elements whose label is exactly 1, exactly 0, or in between (soft labels). */
  positives: number;
  negatives: number;
  soft: number;
  /** Mean unweighted element loss over elements with label 1 / label 0 (NaN when there are none). */
  meanLossPositive: number;
  meanLossNegative: number;
  /** Unweighted per-sample loss (mean over labels) extremes. */
  minSampleLoss: number;
  maxSampleLoss: number;
  /** Unweighted mean of per-sample losses. */
  meanSampleLoss: number;
  weightSum: number;
  /** Smallest and largest prediction seen (logits or probabilities as given). */
  minPrediction: number;
  maxPrediction: number;
  histogram: { edges: number[]; positive: number[]; negative: number[] };
  worst: WorstSample[];
  /** Mean unweighted loss of each label column, for multi-label input. */
  perLabel?: number[];
}

/** The fields that say what was computed, in the order the CLI's --json and the panel's "Copy JSON" print them. */
export function resultHeaderJson(
  r: Pick<LossResult, 'n' | 'labels' | 'semantics' | 'fromLogits' | 'logitsDetected' | 'dtype' | 'reduction' | 'labelSmoothing' | 'posWeight' | 'description'>,
) {
  return {
    n: r.n,
    labels: r.labels,
    semantics: r.semantics,
    fromLogits: r.fromLogits,
    logitsDetected: r.logitsDetected,
    dtype: r.dtype,
    reduction: r.reduction,
    labelSmoothing: r.labelSmoothing,
    ...(r.posWeight ? { posWeight: r.posWeight } : {}),
    description: r.description,
  };
}

// Facts several frameworks share, spread into their objects so each states them once.
import type { Framework, ProbabilityTerms } from './framework';

/** A metric of gradient boosting or Spark: Σ w·ℓ / Σ w, or the sum; no per-element output. */
export const weightedMean = {
  labelSmoothing: false,
  posWeight: false,
  reductions: ['mean', 'sum'],
  defaultReduction: 'mean',
  meanDivisor: 'weights',
  sums: 'samples',
  reductionWords: { mean: 'weighted mean' },
} as const satisfies Partial<Framework>;

/** A Keras loss class (Keras 3, tf.keras 2): label smoothing, a mean per sample over its labels, divided by the batch size. */
export const kerasLoss = {
  refuses: {},
  labelSmoothing: true,
  posWeight: false,
  classLabels: false,
  classNames: false,
  defaultReduction: 'sum_over_batch_size',
  meanDivisor: 'n',
  sums: 'samples',
  broadcastsRanks: true,
} as const satisfies Partial<Framework>;

/** A gradient boosting metric (XGBoost, LightGBM): a weighted mean of one label per sample, computed in double whatever is asked. */
export const boostingMetric = {
  ...weightedMean,
  classLabels: false,
  classNames: false,
  fixedDtype: 'float64',
} as const satisfies Partial<Framework>;

/** ŷ clipped to [eps, 1 − eps] and its logs in double (LightGBM, Spark). */
export function clippedTerms(p: number, eps: number): ProbabilityTerms {
  const yhat = Math.min(Math.max(p, eps), 1 - eps);
  return { yhat, ...(yhat !== p ? { yhatHow: 'clip' as const } : {}), logP: Math.log(yhat), log1mP: Math.log(1 - yhat) };
}

/** An elementwise loss the user averages over every element (PyTorch's mean, jnp.mean, tf.reduce_mean). */
export const elementMean = {
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  meanDivisor: 'n',
  sums: 'elements',
  reductionWords: { mean: 'mean over elements' },
} as const satisfies Partial<Framework>;

/** A loss of logits only: nothing to guard on probabilities, which it refuses. */
export const logitsOnly = {
  labelSmoothing: false,
  posWeight: false,
  classLabels: false,
  classNames: false,
  probabilityGuard: () => ({ kind: 'stable' as const, threshold: 0, description: 'takes logits only', short: 'logits only' }),
  probabilityTerms: (_o, _y, p) => ({ yhat: p, logP: Math.log(p), log1mP: Math.log(1 - p) }),
} as const satisfies Partial<Framework>;

// Facts several frameworks share, spread into their objects so each states them once.
import type { Framework } from './framework';

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

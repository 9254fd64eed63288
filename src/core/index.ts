export { BceAccumulator, type AccumulatorConfig } from './accumulator';
export { CompensatedSum } from './compensatedSum';
export { computeLoss } from './computeLoss';
export type { Label, LossInput } from './lossInput';
export { makeElementLoss, KERAS_EPSILON, TORCH_LOG_CLAMP, SKLEARN_EPSILON, type ElementLoss } from './elementLoss';
export { BceError, LogitsDetected, formatPosition, type BceErrorCode, type ElementPosition } from './errors';
export {
  DEFAULT_OPTIONS,
  DTYPES,
  PRESETS,
  SEMANTICS,
  describeOptions,
  resolveReduction,
  validateOptions,
  type Dtype,
  type FromLogits,
  type LossOptions,
  type Reduction,
  type ResolvedOptions,
  type Semantics,
} from './options';
export type { LossResult, LossStats } from './result';
export type { WorstSample } from './worstSamples';

export { BceAccumulator, type AccumulatorConfig, type AccumulatorState } from './accumulator';
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
export { resultHeaderJson, type LossResult, type LossStats } from './result';
export type { WorstSample } from './worstSamples';
export {
  comparisonNote,
  comparisonVariants,
  compareSemantics,
  differenceReasons,
  equivalentReduction,
  optionsKey,
  resolvedOf,
  sameWithin,
  type Comparison,
  type ComparisonFacts,
  type ComparisonRow,
  type ComparisonVariant,
  type VariantOutcome,
} from './compareSemantics';
export { CURVE_MIN_PROBABILITY, describeCurve, logit, lossCurve, lossGuard, probabilityGrid, sigmoid, type LossCurve, type LossGuard } from './lossCurve';
export { pyList, pyNumber, pythonSnippet, type SnippetData, type SnippetFramework, type SnippetRequest } from './pythonSnippet';
export { explainElement, explainReduction, explainSklearnColumns, formatTerm, formulaNumber, type ElementExplanation } from './explainTerms';
export { sampleLosses, type SampleLoss } from './sampleLosses';
export { instantiate, useWasmKernels, wasmKernelsEnabled } from './wasmModule';
export { ATTACHED_KERNEL_BYTES, attachHardLabelKernel, type HardLabelExports } from './hardLabelKernel';

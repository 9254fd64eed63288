export { BceAccumulator, type AccumulatorConfig, type AccumulatorState } from './accumulator';
export { CompensatedSum } from './compensatedSum';
export { computeLoss, computeLossOnly, type LossOnly } from './computeLoss';
export type { Label, LossInput } from './lossInput';
export { columnsLoss, makeElementLoss, KERAS_EPSILON, TORCH_LOG_CLAMP, SKLEARN_EPSILON, type ElementLoss } from './elementLoss';
export { FRAMEWORK_LIST, findFramework, framework } from './frameworks/registry';
export type { Framework, LossGuard } from './frameworks/framework';
export { logitsWarning } from './logitsWarning';
export { BceError, LogitsDetected, formatPosition, type BceErrorCode, type ElementPosition } from './errors';
export {
  DEFAULT_OPTIONS,
  DTYPES,
  SEMANTICS,
  describeOptions,
  effectiveDtype,
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
export type { SamplePlace, WorstSample } from './worstSamples';
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
export { CURVE_MIN_PROBABILITY, describeCurve, logit, lossCurve, lossGuard, probabilityGrid, sigmoid, type LossCurve } from './lossCurve';
export { pyList, pyNumber, pythonSnippet, type SnippetData, type SnippetRequest } from './pythonSnippet';
export { explainElement, explainReduction, explainSklearnColumns, formatTerm, formulaNumber, type ElementExplanation } from './explainTerms';
export { sampleLosses, type SampleLoss } from './sampleLosses';
export { classesFrom } from './sklearnClasses';
export { binaryMetrics, confusionOf, THRESHOLD_STEPS, type BinaryMetrics, type Calibration, type CalibrationBin, type Confusion, type ThresholdCurve } from './metrics';
export { inputMetrics, type LabelMetrics } from './inputMetrics';
export { MetricsSketch, type MetricsErrorBound, type MetricsSketchState } from './metricsSketch';
export { EXACT_METRICS_ELEMENTS, stateBuffers, StreamMetrics, type MetricsLayout, type StreamMetricsState } from './streamMetrics';
export { alternativeOptions, findingAlternatives, findings, findingsOf, inSigmoidOfSigmoid, ranksBackwards, type Alternative, type Finding, type FindingCode, type FindingFacts } from './findings';
export { diagnose, DIAGNOSIS_MAX_ELEMENTS, type Diagnosis } from './diagnosis';
export { instantiate, useWasmKernels, wasmKernelsEnabled } from './wasmModule';
export { ATTACHED_KERNEL_BYTES, attachHardLabelKernel, type HardLabelExports } from './hardLabelKernel';

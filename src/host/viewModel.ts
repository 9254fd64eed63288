/**
 * Builds what the panel draws from a computation: the primary result reduced to summaries, the
 * comparison table and the per-sample rows of small inputs. Pure (no vscode): unit-tested.
 */
import {
  compareSemantics,
  comparisonNote,
  comparisonVariants,
  optionsKey,
  resolvedOf,
  resolveReduction,
  type Comparison,
  type ComparisonFacts,
  type Diagnosis,
  type LossOnly,
  type LossOptions,
  type LossResult,
  type SampleLoss,
  type VariantOutcome,
  type WorstSample,
} from '../core';
import {
  MAX_SAMPLE_ELEMENTS,
  MAX_SAMPLE_ROWS,
  type DiagnosisView,
  type EpochPointView,
  type FileFacts,
  type PanelOptions,
  type PanelSource,
  type PanelView,
  type ResultView,
  type SampleRowView,
  type SamplesView,
} from '../shared/panelView';

/** Input of a size whose every sample goes to the panel (table, points on the curve, explain view). */
export function isSmallInput(n: number, labels: number): boolean {
  return n <= MAX_SAMPLE_ROWS && n * labels <= MAX_SAMPLE_ELEMENTS;
}

/** The number to show big: the loss, or the mean of the per-sample values of reduction "none". */
export function displayedLoss(loss: LossResult['loss']): { value: number; perSample?: { count: number; values: number[] } } {
  if (typeof loss === 'number') return { value: loss };
  const flat: number[] = [];
  for (const v of loss) {
    if (typeof v === 'number') flat.push(v);
    else flat.push(...v);
  }
  let sum = 0;
  let c = 0;
  // Neumaier, so the mean of many values keeps its digits.
  for (const x of flat) {
    const t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  const value = flat.length ? (sum + c) / flat.length : NaN;
  return { value, perSample: { count: flat.length, values: flat.slice(0, MAX_SAMPLE_ROWS) } };
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function resultView(r: LossResult): ResultView {
  const { value, perSample } = displayedLoss(r.loss);
  const s = r.stats;
  return {
    loss: value,
    ...(perSample ? { perSample } : {}),
    description: r.description,
    semantics: r.semantics,
    fromLogits: r.fromLogits,
    logitsDetected: r.logitsDetected,
    labelSmoothing: r.labelSmoothing,
    reduction: r.reduction,
    dtype: r.dtype,
    ...(r.posWeight ? { posWeight: [...r.posWeight] } : {}),
    ...(r.classes ? { classes: [...r.classes] } : {}),
    n: r.n,
    labels: r.labels,
    stats: {
      positives: s.positives,
      negatives: s.negatives,
      soft: s.soft,
      meanLossPositive: orNull(s.meanLossPositive),
      meanLossNegative: orNull(s.meanLossNegative),
      minSampleLoss: s.minSampleLoss,
      maxSampleLoss: s.maxSampleLoss,
      meanSampleLoss: s.meanSampleLoss,
      weightSum: s.weightSum,
      minPrediction: s.minPrediction,
      maxPrediction: s.maxPrediction,
      histogram: { edges: [...s.histogram.edges], positive: [...s.histogram.positive], negative: [...s.histogram.negative] },
      ...(s.perLabel ? { perLabel: [...s.perLabel] } : {}),
    },
    warnings: [...r.warnings],
  };
}

/** The fields every row has, copied out of the sample; `y` is the labels as numbers. */
function sampleRow(s: SampleLoss | WorstSample, y: readonly number[]): SampleRowView {
  return { index: s.index, yTrue: [...s.yTrue], y: [...y], yPred: [...s.yPred], weight: s.weight, loss: s.loss };
}

/** Every sample of a small input. */
export function allSampleRows(samples: readonly SampleLoss[]): SampleRowView[] {
  return samples.map((s) => ({ ...sampleRow(s, s.y), ...(s.elements.length > 1 ? { elements: [...s.elements] } : {}) }));
}

/** The k worst samples of a large input (`source` is the file line, `row` and `group` the file row, when the reader knows them). */
export function worstSampleRows(worst: readonly WorstSample[]): SampleRowView[] {
  return worst.map((w) => ({
    ...sampleRow(w, w.yTrue),
    ...(w.source !== undefined ? { line: w.source } : {}),
    ...(w.row !== undefined ? { row: w.row } : {}),
    ...(w.group ? { group: { ...w.group } } : {}),
  }));
}

export function samplesView(
  r: LossResult,
  opts: { samples?: readonly SampleLoss[]; hasWeights: boolean; twoColumns: boolean; revealable: boolean },
): SamplesView {
  const all = opts.samples !== undefined;
  return {
    kind: all ? 'all' : 'worst',
    rows: all ? allSampleRows(opts.samples as SampleLoss[]) : worstSampleRows(r.stats.worst),
    total: r.n,
    labels: r.labels,
    hasWeights: opts.hasWeights,
    twoColumns: opts.twoColumns,
    revealable: opts.revealable,
  };
}

/** What the comparison needs to know about the data, from the primary result. */
export function comparisonFacts(r: LossResult, weighted: boolean): ComparisonFacts {
  return {
    minPrediction: r.stats.minPrediction,
    maxPrediction: r.stats.maxPrediction,
    n: r.n,
    labels: r.labels,
    weighted,
    weightSum: r.stats.weightSum,
  };
}

/** A LossResult (or an error) as the comparison wants it: one scalar. */
export function outcomeOf(r: LossOnly | Error): VariantOutcome {
  if (r instanceof Error) return { ok: false, error: r.message };
  const { value } = displayedLoss(r.loss);
  return { ok: true, loss: value, resolved: resolvedOf(r) };
}

/**
 * The comparison for the chosen options, computing each distinct variant once through `compute`
 * (which returns the result or the Error the framework raised). `known` holds results already
 * computed (the primary), keyed by optionsKey.
 */
export function runComparison(
  chosen: LossOptions,
  primary: LossResult,
  weighted: boolean,
  compute: (o: LossOptions) => LossOnly | Error,
): Comparison {
  const variants = comparisonVariants(chosen);
  const primaryOutcome = outcomeOf(primary);
  // The chosen options with the default reduction unnamed are the same computation as its row,
  // which names it: the primary is not computed again (a tenth of a selection's comparison).
  const cache = new Map<string, VariantOutcome>([
    [optionsKey(chosen), primaryOutcome],
    [optionsKey({ ...chosen, reduction: resolveReduction(chosen) }), primaryOutcome],
  ]);
  const outcomes = variants.map((v) => {
    if (v.unsupported) return { ok: false as const, error: v.unsupported };
    let out = cache.get(v.key);
    if (!out) {
      out = outcomeOf(compute(v.options));
      cache.set(v.key, out);
    }
    return out;
  });
  return compareSemantics(variants, outcomes, comparisonFacts(primary, weighted), comparisonNote(chosen));
}

export interface ViewParts {
  source: PanelSource;
  options: PanelOptions;
  result: LossResult;
  comparison: Comparison;
  samples?: readonly SampleLoss[];
  hasWeights: boolean;
  twoColumns: boolean;
  revealable: boolean;
  epochs?: readonly EpochPointView[];
  file?: FileFacts;
  diagnosis?: Diagnosis;
  elapsedMs: number;
  canRecompute: boolean;
}

/** The diagnosis as the webview draws it: plain numbers, null where undefined. */
export function diagnosisView(d: Diagnosis): DiagnosisView {
  return {
    findings: d.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
    ...(d.metrics
      ? {
          metrics: d.metrics.map((m) => ({
            baseRate: m.baseRate,
            baselineLoss: m.baselineLoss,
            skill: m.skill ?? null,
            brier: m.brier,
            rocAuc: m.rocAuc ?? null,
            averagePrecision: m.averagePrecision ?? null,
            accuracyAtHalf: m.atHalf.accuracy,
            f1AtHalf: m.atHalf.f1,
            bestF1: m.bestF1?.f1 ?? null,
            bestThreshold: m.bestF1?.threshold ?? null,
            calibrationError: m.calibration.uniform.expectedError,
            rocAucError: m.errorBound ? m.errorBound.rocAuc : null,
            averagePrecisionError: m.errorBound ? m.errorBound.averagePrecision : null,
          })),
          lens: d.metrics.map((m) => ({
            reliability: { uniform: m.calibration.uniform.bins.map((b) => ({ ...b })), quantile: m.calibration.quantile.bins.map((b) => ({ ...b })) },
            thresholds: { truePositive: [...m.thresholds.truePositive], falsePositive: [...m.thresholds.falsePositive], positives: m.thresholds.positives, negatives: m.thresholds.negatives },
          })),
        }
      : {}),
    ...(d.metricsNote ? { metricsNote: d.metricsNote } : {}),
    ...(d.findingsNote ? { findingsNote: d.findingsNote } : {}),
    ...(d.metrics?.some((m) => m.errorBound && m.errorBound.mixedBins > 0) ? { approximation: d.metrics.find((m) => m.errorBound)?.errorBound?.note } : {}),
  };
}

export function buildPanelView(p: ViewParts): PanelView {
  return {
    version: 1,
    source: p.source,
    options: p.options,
    result: resultView(p.result),
    comparison: p.comparison,
    samples: samplesView(p.result, { samples: p.samples, hasWeights: p.hasWeights, twoColumns: p.twoColumns, revealable: p.revealable }),
    ...(p.epochs && p.epochs.length ? { epochs: p.epochs.map((e) => ({ ...e })) } : {}),
    ...(p.file ? { file: p.file } : {}),
    ...(p.diagnosis ? { diagnosis: diagnosisView(p.diagnosis) } : {}),
    elapsedMs: p.elapsedMs,
    canRecompute: p.canRecompute,
  };
}

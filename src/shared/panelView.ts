/**
 * What the host sends the webview to draw: summaries only (counts, histogram, k worst samples,
 * per-sample rows for small inputs), never the raw rows of a big file, so a 1e7-row result is a
 * few kilobytes. Plain JSON: VS Code serialises webview messages, so NaN travels as null.
 */
import { resolvedOf, type Comparison, type Dtype, type LossResult, type LossStats, type Reduction, type ResolvedOptions, type Semantics } from '../core';

/** The controls' values, as the selects hold them. */
export interface PanelOptions {
  semantics: Semantics;
  fromLogits: FromLogitsChoice;
  labelSmoothing: number;
  /** 'default': the framework's default reduction. */
  reduction: Reduction | 'default';
  dtype: Dtype;
}

export type FromLogitsChoice = 'auto' | 'true' | 'false';
export const FROM_LOGITS_CHOICES: readonly FromLogitsChoice[] = ['auto', 'true', 'false'];

/** Samples with per-sample rows in the view; beyond this the table shows the k worst. */
export const MAX_SAMPLE_ROWS = 5000;
/** ... and at most this many elements (samples × labels), so wide multi-label data stays small too. */
export const MAX_SAMPLE_ELEMENTS = 20000;

export interface PanelSource {
  /** A selection, a data file, or a query computed in a SQL engine (kept by nobody: a restored panel shows it as a picture). */
  kind: 'selection' | 'file' | 'database';
  /** "model.py" or "train_preds.csv". */
  title: string;
  /** "lines 3–5" or "CSV · 12.3 MB · columns label, prob". */
  detail: string;
  /** The document or file, as a URI string (for the snippet and for revealing). */
  uri?: string;
  /** Selections as [startLine, startCharacter, endLine, endCharacter], 0-based: re-read after a reload. */
  selections?: [number, number, number, number][];
}

/** The core's statistics as sent to the webview: the worst samples go in their own table, and a class
 * with no element has null (not NaN, which JSON cannot carry) as its mean loss. */
export type StatsView = Omit<LossStats, 'worst' | 'meanLossPositive' | 'meanLossNegative'> & {
  meanLossPositive: number | null;
  meanLossNegative: number | null;
};

/** The result as the panel shows it: the core's facts about the computation, with the loss and the
 * statistics in a form JSON can carry. */
export type ResultView = Pick<LossResult, 'description' | 'semantics' | 'fromLogits' | 'logitsDetected' | 'labelSmoothing' | 'reduction' | 'dtype' | 'posWeight' | 'classes' | 'n' | 'labels'> & {
  /** The number shown big: the loss, or for reduction "none" the mean of the per-sample values. */
  loss: number;
  /** Reduction "none": how many values there are, and the first of them. */
  perSample?: { count: number; values: number[] };
  stats: StatsView;
  warnings: string[];
};

export interface SampleRowView {
  /** 0-based sample index. */
  index: number;
  /** Labels as written (numbers, booleans, class names). */
  yTrue: (number | string | boolean)[];
  /** Labels as numbers (classes 0/1 for scikit-learn). */
  y: number[];
  yPred: number[];
  weight: number;
  /** Unweighted per-sample loss (mean over labels). */
  loss: number;
  /** Unweighted loss of each label (small multi-label inputs). */
  elements?: number[];
  /** 1-based line in the data file (file sources). */
  line?: number;
  /** 0-based row in the data file, the rows skipped as invalid counted (file sources). */
  row?: number;
  /** The row group (Parquet) or record batch (Arrow) holding it, and its 0-based row there. */
  group?: { index: number; row: number };
}

export interface SamplesView {
  /** 'all': every sample (small inputs); 'worst': the k largest losses. */
  kind: 'all' | 'worst';
  rows: SampleRowView[];
  /** Samples in the data (rows.length for 'all'). */
  total: number;
  labels: number;
  hasWeights: boolean;
  /** scikit-learn's 2-column predictions [P(0), P(1)]. */
  twoColumns: boolean;
  /** Choosing a row can reveal it in an editor. */
  revealable: boolean;
}

export interface EpochPointView {
  epoch: string;
  split?: string;
  loss: number;
  n: number;
}

export interface FileFacts {
  format: string;
  bytes: number;
  rows: number;
  invalidRows: number;
  firstInvalid?: { line: number; column: number; text: string; reason: string };
  columns: { yTrue: string[]; yPred: string[]; weight?: string; epoch?: string; split?: string };
  /** What a Parquet or Arrow file says of itself: container, writer, row groups, codecs, column types. */
  container?: { name: string; writer?: string; groups: number; groupKind: 'row groups' | 'record batches'; compression: string[]; columns: { name: string; type: string }[] };
}

/** One finding: why the loss is what it is (core/findings.ts). */
export interface FindingView {
  code: string;
  severity: 'warning' | 'info';
  message: string;
}

/** One label's metrics beside the loss, null where undefined (one class). */
export interface MetricsView {
  baseRate: number;
  baselineLoss: number;
  skill: number | null;
  brier: number;
  rocAuc: number | null;
  averagePrecision: number | null;
  accuracyAtHalf: number;
  f1AtHalf: number;
  bestF1: number | null;
  bestThreshold: number | null;
  calibrationError: number;
  /** Past the in-memory limit (data files): how far ROC AUC and average precision may be off; null when exact. */
  rocAucError: number | null;
  averagePrecisionError: number | null;
}

/** One reliability bin: mean predicted probability, share of positives, weight of its samples. */
export interface ReliabilityBinView {
  meanPredicted: number;
  fractionPositive: number;
  weight: number;
}

/** What the reliability diagram and the threshold view of one label draw from. */
export interface LabelLensView {
  reliability: { uniform: ReliabilityBinView[]; quantile: ReliabilityBinView[] };
  /** Weighted true and false positives at p ≥ k / (length − 1), and the class totals. */
  thresholds: { truePositive: number[]; falsePositive: number[]; positives: number; negatives: number };
}

/** The Diagnosis list and the metrics of arrays in memory (selections). */
export interface DiagnosisView {
  findings: FindingView[];
  metrics?: MetricsView[];
  /** One per label beside metrics: the reliability diagram and the threshold view. */
  lens?: LabelLensView[];
  /** Why there are no metrics (soft labels). */
  metricsNote?: string;
  /** What the findings leave out (data files: the broadcast trap, which needs arrays). */
  findingsNote?: string;
  /** What is approximate about the metrics (data files past the in-memory limit). */
  approximation?: string;
}

export interface PanelView {
  version: 1;
  source: PanelSource;
  /** The options the result was computed with, as the controls show them. */
  options: PanelOptions;
  result: ResultView;
  comparison: Comparison;
  samples: SamplesView;
  epochs?: EpochPointView[];
  file?: FileFacts;
  diagnosis?: DiagnosisView;
  /** Wall time of the computation (parse or read included), in milliseconds. */
  elapsedMs: number;
  /** The host kept the data (or can re-read the file): the controls recompute. */
  canRecompute: boolean;
}

/** The options the view's result was computed with (the snippet, the curve and the model read them). */
export function optionsOfView(view: PanelView): ResolvedOptions {
  return resolvedOf(view.result);
}

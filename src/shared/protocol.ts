/**
 * The messages between the extension host and the panel's webview, and the guards each side runs
 * on what it receives (a webview is a web page: the host trusts nothing it posts).
 *
 * Order: the webview posts `ready` when its script has loaded (again after every reload: the panel
 * does not retain its context when hidden); the host posts nothing before that. Requests carry an
 * `id` and are answered by one `response` with the same id: the host asks the webview (panelState,
 * setOption, for the test API); option changes carry a `seq` that the host's answer (`view` or
 * `failed`) echoes, so the webview knows which change a redraw belongs to.
 */
import { DTYPES, SEMANTICS, type Reduction, type Semantics } from '../core';
import { FROM_LOGITS_CHOICES, type PanelOptions, type PanelView } from './panelView';
import { hasOnlyKeys, isArrayOf, isBoolean, isFiniteNumber, isIndex, isNumberOrNull, isOneOf, isRecord, isString } from './validate';

export { PANEL_VIEW_TYPE } from './panelViewType';

export const REDUCTIONS: readonly (Reduction | 'default')[] = ['default', 'sum_over_batch_size', 'mean', 'sum', 'none', 'mean_with_sample_weight'];
export const PANEL_OPTION_NAMES = ['semantics', 'fromLogits', 'labelSmoothing', 'reduction', 'dtype'] as const;
export type PanelOptionName = (typeof PANEL_OPTION_NAMES)[number];
export const CHART_NAMES = ['loss-curve', 'epochs', 'reliability'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

/** Largest chart export accepted from the webview (characters of SVG text or base64 PNG). */
export const MAX_EXPORT_CHARS = 32 * 1024 * 1024;

/** Something in the data to show in an editor: an element of a selection, or a line of a file. */
export type RevealTarget =
  | { kind: 'sample'; index: number; label?: number; array?: 'y_true' | 'y_pred' | 'sample_weight' }
  | { kind: 'line'; line: number; column?: number };

/** What the webview reads off its own DOM for panelState(). */
export interface PanelState {
  /** A view has been rendered. */
  ready: boolean;
  /** Text of #loss-value. */
  displayedLoss: string;
  /** Value of the #semantics control. */
  semantics: string;
  /** The loss-curve canvas has a non-zero size and uPlot has drawn on it. */
  chartDrawn: boolean;
  /** Samples in the data, as the panel states them (N). */
  rows: number;
  /** Data rows currently in the #samples table. */
  tableRows: number;
  /** Rows of the #comparison table. */
  comparisonRows: number;
  /** Text of the semantics line under the loss. */
  description: string;
  /** The controls' values. */
  options: PanelOptions;
  /** A recompute is running. */
  busy: boolean;
  /** Text of the error banner, when one is shown. */
  error?: string;
  /** Why the shown result is out of date, when it is (a later run failed or was cancelled, the data changed). */
  stale?: string;
}

// ---- host → webview -------------------------------------------------------------------------

export const STALE_REASONS = ['cancelled', 'failed', 'changed'] as const;
export type StaleReason = (typeof STALE_REASONS)[number];

export type HostRequest = { kind: 'panelState' } | { kind: 'setOption'; name: PanelOptionName; value: string | number | boolean };

export type HostMessage =
  /** Draw this. `seq` is the last option change it answers (0 when the host started it). */
  | { type: 'view'; seq: number; view: PanelView }
  /**
   * A run started or moved on (a file read by a command or re-read for new options): show what is
   * read and, once known, how far (`progress` in [0, 1], `detail` e.g. "12 MB of 213 MB"); keep the
   * old result dimmed.
   */
  | { type: 'busy'; seq: number; label: string; cancellable: boolean; progress?: number; detail?: string }
  /**
   * The shown result is out of date: a later command was cancelled or failed (it stays the result
   * of its own source and options), or its data changed since. `reread`: reading it again can help.
   */
  | { type: 'stale'; reason: StaleReason; message: string; reread: boolean }
  /** The option change `seq` was refused or cancelled: the controls go back to the shown result. */
  | { type: 'failed'; seq: number; message: string; cancelled: boolean; reveal?: RevealTarget }
  /** A short confirmation, e.g. "Copied" or "Saved chart.png". */
  | { type: 'notice'; text: string }
  | { type: 'request'; id: number; request: HostRequest };

// ---- webview → host -------------------------------------------------------------------------

export type CopyWhat = 'text' | 'json' | 'python';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'setOptions'; seq: number; options: PanelOptions }
  | { type: 'cancel' }
  /** Choose the data file's columns by hand (CSV/TSV), then read it again with them. */
  | { type: 'chooseColumns' }
  /** Show the place in an editor; `preserveFocus` keeps the keyboard in the panel (Enter on a row), otherwise the editor takes it. */
  | { type: 'reveal'; target: RevealTarget; preserveFocus?: boolean }
  | { type: 'copy'; what: CopyWhat; framework?: Semantics }
  | { type: 'save'; chart: ChartName; format: 'png' | 'svg'; light: boolean; data: string }
  | { type: 'response'; id: number; ok: true; value?: PanelState }
  | { type: 'response'; id: number; ok: false; error: string };

// ---- guards ---------------------------------------------------------------------------------

export function isPanelOptions(x: unknown): x is PanelOptions {
  return (
    isRecord(x) &&
    hasOnlyKeys(x, ['semantics', 'fromLogits', 'labelSmoothing', 'reduction', 'dtype']) &&
    isOneOf(x.semantics, SEMANTICS) &&
    isOneOf(x.fromLogits, FROM_LOGITS_CHOICES) &&
    isFiniteNumber(x.labelSmoothing) &&
    x.labelSmoothing >= 0 &&
    x.labelSmoothing <= 1 &&
    isOneOf(x.reduction, REDUCTIONS) &&
    isOneOf(x.dtype, DTYPES)
  );
}

export function isRevealTarget(x: unknown): x is RevealTarget {
  if (!isRecord(x)) return false;
  if (x.kind === 'sample') {
    return (
      hasOnlyKeys(x, ['kind', 'index', 'label', 'array']) &&
      isIndex(x.index) &&
      (x.label === undefined || isIndex(x.label)) &&
      (x.array === undefined || isOneOf(x.array, ['y_true', 'y_pred', 'sample_weight'] as const))
    );
  }
  if (x.kind === 'line') {
    return hasOnlyKeys(x, ['kind', 'line', 'column']) && isIndex(x.line) && x.line >= 1 && (x.column === undefined || (isIndex(x.column) && x.column >= 1));
  }
  return false;
}

export function isPanelState(x: unknown): x is PanelState {
  return (
    isRecord(x) &&
    isBoolean(x.ready) &&
    isString(x.displayedLoss, 200) &&
    isString(x.semantics, 100) &&
    isBoolean(x.chartDrawn) &&
    isIndex(x.rows) &&
    isIndex(x.tableRows) &&
    isIndex(x.comparisonRows) &&
    isString(x.description, 1000) &&
    isPanelOptions(x.options) &&
    isBoolean(x.busy) &&
    (x.error === undefined || isString(x.error)) &&
    (x.stale === undefined || isString(x.stale))
  );
}

/** Every message the host accepts from the webview; anything else is dropped (and logged). */
export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'ready':
    case 'cancel':
    case 'chooseColumns':
      return hasOnlyKeys(x, ['type']);
    case 'setOptions':
      return hasOnlyKeys(x, ['type', 'seq', 'options']) && isIndex(x.seq) && isPanelOptions(x.options);
    case 'reveal':
      return hasOnlyKeys(x, ['type', 'target', 'preserveFocus']) && isRevealTarget(x.target) && (x.preserveFocus === undefined || isBoolean(x.preserveFocus));
    case 'copy':
      return (
        hasOnlyKeys(x, ['type', 'what', 'framework']) &&
        isOneOf(x.what, ['text', 'json', 'python'] as const) &&
        (x.framework === undefined || isOneOf(x.framework, SEMANTICS)) &&
        (x.what === 'python') === (x.framework !== undefined)
      );
    case 'save':
      return (
        hasOnlyKeys(x, ['type', 'chart', 'format', 'light', 'data']) &&
        isOneOf(x.chart, CHART_NAMES) &&
        isOneOf(x.format, ['png', 'svg'] as const) &&
        isBoolean(x.light) &&
        isString(x.data, MAX_EXPORT_CHARS) &&
        (x.format === 'svg' ? x.data.startsWith('<svg') : /^[A-Za-z0-9+/]+={0,2}$/.test(x.data))
      );
    case 'response':
      if (!isIndex(x.id)) return false;
      if (x.ok === true) return hasOnlyKeys(x, ['type', 'id', 'ok', 'value']) && (x.value === undefined || isPanelState(x.value));
      return x.ok === false && hasOnlyKeys(x, ['type', 'id', 'ok', 'error']) && isString(x.error);
    default:
      return false;
  }
}

/** A value for setOption(name, value), checked against what that control accepts. */
export function isOptionValue(name: PanelOptionName, value: unknown): boolean {
  switch (name) {
    case 'semantics':
      return isOneOf(value, SEMANTICS);
    case 'fromLogits':
      return typeof value === 'boolean' || isOneOf(value, FROM_LOGITS_CHOICES);
    case 'labelSmoothing':
      return isFiniteNumber(value) && value >= 0 && value <= 1;
    case 'reduction':
      return isOneOf(value, REDUCTIONS);
    case 'dtype':
      return isOneOf(value, DTYPES);
  }
}

function isHostRequest(x: unknown): x is HostRequest {
  if (!isRecord(x)) return false;
  if (x.kind === 'panelState') return true;
  return x.kind === 'setOption' && isOneOf(x.name, PANEL_OPTION_NAMES) && isOptionValue(x.name, x.value);
}

/** The webview's guard on what the host posts (a cheap structural check; the host built it). */
export function isHostMessage(x: unknown): x is HostMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'view':
      return isIndex(x.seq) && isPanelView(x.view);
    case 'busy':
      return (
        isIndex(x.seq) &&
        isString(x.label) &&
        isBoolean(x.cancellable) &&
        (x.progress === undefined || (isFiniteNumber(x.progress) && x.progress >= 0 && x.progress <= 1)) &&
        (x.detail === undefined || isString(x.detail))
      );
    case 'stale':
      return isOneOf(x.reason, STALE_REASONS) && isString(x.message) && isBoolean(x.reread);
    case 'failed':
      return isIndex(x.seq) && isString(x.message) && isBoolean(x.cancelled) && (x.reveal === undefined || isRevealTarget(x.reveal));
    case 'notice':
      return isString(x.text);
    case 'request':
      return isIndex(x.id) && isHostRequest(x.request);
    default:
      return false;
  }
}

function isSampleRow(x: unknown): boolean {
  return (
    isRecord(x) &&
    isIndex(x.index) &&
    Array.isArray(x.yTrue) &&
    isArrayOf(x.y, isNumberOrNull) &&
    isArrayOf(x.yPred, isNumberOrNull) &&
    isNumberOrNull(x.weight) &&
    isNumberOrNull(x.loss) &&
    (x.elements === undefined || isArrayOf(x.elements, isNumberOrNull)) &&
    (x.line === undefined || isIndex(x.line)) &&
    (x.row === undefined || isIndex(x.row)) &&
    (x.group === undefined || (isRecord(x.group) && hasOnlyKeys(x.group, ['index', 'row']) && isIndex(x.group.index) && isIndex(x.group.row)))
  );
}

/**
 * A PanelView, checked deeply enough that rendering cannot throw on it: used by the webview on
 * the host's messages and by the host on the state a restored panel hands back.
 */
export function isPanelView(x: unknown): x is PanelView {
  if (!isRecord(x) || x.version !== 1) return false;
  const { source, result, comparison, samples } = x;
  if (!isRecord(source) || !isOneOf(source.kind, ['selection', 'file', 'database'] as const) || !isString(source.title) || !isString(source.detail)) return false;
  if (source.uri !== undefined && !isString(source.uri)) return false;
  if (source.selections !== undefined && !isArrayOf(source.selections, (s): s is number[] => isArrayOf(s, isIndex) && s.length === 4, 10_000)) return false;
  if (!isPanelOptions(x.options)) return false;
  if (!isRecord(result) || !isNumberOrNull(result.loss) || !isString(result.description) || !isIndex(result.n) || !isIndex(result.labels)) return false;
  if (!isOneOf(result.semantics, SEMANTICS) || !isOneOf(result.dtype, DTYPES) || !isBoolean(result.fromLogits)) return false;
  const stats = result.stats;
  if (!isRecord(stats) || !isRecord(stats.histogram) || !isArrayOf(stats.histogram.edges, isFiniteNumber)) return false;
  if (!isArrayOf(stats.histogram.positive, isFiniteNumber) || !isArrayOf(stats.histogram.negative, isFiniteNumber)) return false;
  if (!isArrayOf(result.warnings, (w): w is string => isString(w))) return false;
  if (!isRecord(comparison) || !Array.isArray(comparison.rows) || !comparison.rows.every((r) => isRecord(r) && isString(r.title) && isString(r.relation))) return false;
  if (!isRecord(samples) || !isOneOf(samples.kind, ['all', 'worst'] as const) || !Array.isArray(samples.rows) || !samples.rows.every(isSampleRow)) return false;
  if (!isIndex(samples.total) || !isIndex(samples.labels)) return false;
  if (x.epochs !== undefined && !isArrayOf(x.epochs, (e): e is unknown => isRecord(e) && isString(e.epoch) && isNumberOrNull(e.loss))) return false;
  if (x.diagnosis !== undefined && !isDiagnosisView(x.diagnosis)) return false;
  return isNumberOrNull(x.elapsedMs) && isBoolean(x.canRecompute);
}

function isDiagnosisView(d: unknown): boolean {
  if (!isRecord(d) || !isArrayOf(d.findings, (f): f is unknown => isRecord(f) && isString(f.code) && isString(f.message) && isOneOf(f.severity, ['warning', 'info'] as const))) return false;
  if (d.findingsNote !== undefined && !isString(d.findingsNote)) return false;
  if (d.approximation !== undefined && !isString(d.approximation)) return false;
  if (d.lens !== undefined && !isArrayOf(d.lens, isLabelLensView)) return false;
  return d.metrics === undefined || isArrayOf(d.metrics, (m): m is unknown => isRecord(m) && Object.values(m).every(isNumberOrNull));
}

function isLabelLensView(x: unknown): x is unknown {
  const bins = (b: unknown) => isArrayOf(b, (v): v is unknown => isRecord(v) && isFiniteNumber(v.meanPredicted) && isFiniteNumber(v.fractionPositive) && isFiniteNumber(v.weight));
  if (!isRecord(x) || !isRecord(x.reliability) || !bins(x.reliability.uniform) || !bins(x.reliability.quantile)) return false;
  const t = x.thresholds;
  return isRecord(t) && isArrayOf(t.truePositive, isFiniteNumber) && isArrayOf(t.falsePositive, isFiniteNumber) && t.truePositive.length === t.falsePositive.length && t.truePositive.length >= 2 && isFiniteNumber(t.positives) && isFiniteNumber(t.negatives);
}

/** What the webview keeps with setState, and the host gets back when VS Code restores the panel. */
export interface PersistedState {
  view?: PanelView;
  ui?: Record<string, unknown>;
}

export function isPersistedState(x: unknown): x is PersistedState {
  return isRecord(x) && (x.view === undefined || isPanelView(x.view)) && (x.ui === undefined || isRecord(x.ui));
}

/**
 * The metrics of metrics.ts for data read in batches (files, worker threads), mergeable in input
 * order. Up to EXACT_METRICS_ELEMENTS elements the predictions are kept and binaryMetrics gives
 * scikit-learn's numbers exactly; past it they go into a MetricsSketch, which states its error.
 */
import type { LabelMetrics } from './inputMetrics';
import { sigmoid } from './lossCurve';
import { binaryMetrics, type BinaryMetrics } from './metrics';
import { MetricsSketch, type MetricsSketchState } from './metricsSketch';

/** Elements (samples × labels) kept in memory for exact metrics: exact ROC AUC up to 10^6, as the issue asks. */
export const EXACT_METRICS_ELEMENTS = 1_000_000;

/** How batch values become the 0/1 labels and probabilities the metrics read (as inputMetrics reads them). */
export interface MetricsLayout {
  /** Labels per sample (one metrics entry each). */
  labels: number;
  /** Predictions are logits: the sigmoid turns them into probabilities. */
  fromLogits: boolean;
  /** scikit-learn's two columns [P(class 0), P(class 1)]: the probability is q1 / (q0 + q1). */
  twoColumns: boolean;
  weighted: boolean;
  /** Elements kept for exact metrics (default EXACT_METRICS_ELEMENTS). */
  exactLimit?: number;
  /** The sketch's bins over [0, 1] for one label (default MetricsSketch.binsFor(labels)). */
  sketchBins?: number;
}

/** Everything a StreamMetrics holds, as plain (structured-cloneable) data. */
export interface StreamMetricsState {
  layout: Required<MetricsLayout>;
  /** Why there are no metrics (a soft label, a NaN prediction): pushing stops there. */
  note?: string;
  /** Samples kept, with each label's labels and probabilities, while they fit. */
  exact?: { rows: number; y: Float64Array[]; p: Float64Array[]; w: Float64Array | null };
  sketch?: MetricsSketchState[];
}

/**
 * The buffers of a state's arrays (each once), for a thread to hand them over instead of copying
 * them: a sketch's table is 24 MiB. They are the state's own: toState copies the kept samples out,
 * and a sketch allocates its table and calibration sums.
 */
export function stateBuffers(state: StreamMetricsState): ArrayBuffer[] {
  const arrays: Float64Array<ArrayBufferLike>[] = [];
  for (const s of state.sketch ?? []) arrays.push(s.table, s.calibration);
  if (state.exact) arrays.push(...state.exact.y, ...state.exact.p, ...(state.exact.w ? [state.exact.w] : []));
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}

export class StreamMetrics {
  private readonly layout: Required<MetricsLayout>;
  private note?: string;
  private rows = 0;
  private y: Float64Array[];
  private p: Float64Array[];
  private w: Float64Array | null;
  private sketches?: MetricsSketch[];
  private readonly rowLimit: number;
  /** One batch's labels and probabilities of one label, reused. */
  private scratchY = new Float64Array(0);
  private scratchP = new Float64Array(0);

  constructor(layout: MetricsLayout) {
    this.layout = {
      ...layout,
      exactLimit: layout.exactLimit ?? EXACT_METRICS_ELEMENTS,
      sketchBins: layout.sketchBins ?? MetricsSketch.binsFor(layout.labels),
    };
    this.rowLimit = Math.floor(this.layout.exactLimit / layout.labels);
    this.y = Array.from({ length: layout.labels }, () => new Float64Array(0));
    this.p = Array.from({ length: layout.labels }, () => new Float64Array(0));
    this.w = layout.weighted ? new Float64Array(0) : null;
  }

  /** Exact (kept samples) or sketched. */
  get exact(): boolean {
    return this.sketches === undefined;
  }

  /**
   * n rows of a batch: labels row-major (`labels` a row), predictions row-major (`labels`, or 2
   * for two columns, a row), weights one a row or null.
   */
  push(y: ArrayLike<number>, p: ArrayLike<number>, n: number, w: ArrayLike<number> | null): void {
    if (this.note !== undefined || n === 0) return;
    const L = this.layout.labels;
    if (this.scratchY.length < n) {
      this.scratchY = new Float64Array(n);
      this.scratchP = new Float64Array(n);
    }
    const ys = this.scratchY;
    const ps = this.scratchP;
    const toSketch = this.sketches === undefined && this.rows + n > this.rowLimit;
    if (toSketch) this.startSketch();
    const { fromLogits, twoColumns } = this.layout;
    if (this.sketches && L === 1 && !fromLogits && !twoColumns) {
      // One label of probabilities: checked and binned in one loop over the batch, without a copy.
      const bad = this.sketches[0].pushRaw(y, p, n, w);
      if (bad !== undefined) this.fail(bad);
      return;
    }
    if (!this.sketches) this.reserve(this.rows + n);
    for (let j = 0; j < L; j++) {
      const bad = this.readLabel(y, p, n, j, ys, ps);
      if (bad !== undefined) {
        this.fail(bad);
        return;
      }
      if (this.sketches) this.sketches[j].push(ys, ps, n, w);
      else {
        this.y[j].set(ys.subarray(0, n), this.rows);
        this.p[j].set(ps.subarray(0, n), this.rows);
      }
    }
    if (!this.sketches && this.w && w) for (let i = 0; i < n; i++) this.w[this.rows + i] = w[i];
    if (!this.sketches) this.rows += n;
  }

  /** Label j's labels and probabilities of the batch into ys, ps; the reason when one does not fit. */
  private readLabel(y: ArrayLike<number>, p: ArrayLike<number>, n: number, j: number, ys: Float64Array, ps: Float64Array): string | undefined {
    const { labels: L, fromLogits, twoColumns } = this.layout;
    for (let i = 0; i < n; i++) {
      const label = y[i * L + j];
      if (label !== 0 && label !== 1) return `the metrics need labels 0 or 1 (hard labels), got ${label}`;
      const v = twoColumns ? p[2 * i + 1] / (p[2 * i] + p[2 * i + 1]) : p[i * L + j];
      const prob = fromLogits ? sigmoid(v) : v < 0 ? 0 : v > 1 ? 1 : v;
      if (!(prob >= 0 && prob <= 1)) return `the metrics need numbers as predictions, got ${v}`;
      ys[i] = label;
      ps[i] = prob;
    }
    return undefined;
  }

  private fail(note: string): void {
    this.note = note;
    this.y = [];
    this.p = [];
    this.w = null;
    this.sketches = undefined;
  }

  private reserve(rows: number): void {
    const cap = this.y[0]?.length ?? 0;
    if (rows <= cap) return;
    const next = Math.min(this.rowLimit, Math.max(rows, cap * 2, 1024));
    const grow = (a: Float64Array) => {
      const b = new Float64Array(next);
      b.set(a.subarray(0, this.rows));
      return b;
    };
    this.y = this.y.map(grow);
    this.p = this.p.map(grow);
    if (this.w) this.w = grow(this.w);
  }

  /** The kept samples go into sketches, which take every sample from now on. */
  private startSketch(): void {
    const L = this.layout.labels;
    this.sketches = Array.from({ length: L }, () => new MetricsSketch(this.layout.sketchBins, this.layout.weighted));
    for (let j = 0; j < L; j++) this.sketches[j].push(this.y[j], this.p[j], this.rows, this.w);
    this.y = [];
    this.p = [];
    this.w = null;
    this.rows = 0;
  }

  /** Appends the metrics of the input's next part. */
  merge(other: StreamMetrics): void {
    if (this.note !== undefined) return;
    if (other.note !== undefined) {
      this.fail(other.note);
      return;
    }
    if (!this.sketches && !other.sketches && this.rows + other.rows <= this.rowLimit) {
      this.reserve(this.rows + other.rows);
      for (let j = 0; j < this.layout.labels; j++) {
        this.y[j].set(other.y[j].subarray(0, other.rows), this.rows);
        this.p[j].set(other.p[j].subarray(0, other.rows), this.rows);
      }
      if (this.w && other.w) this.w.set(other.w.subarray(0, other.rows), this.rows);
      this.rows += other.rows;
      return;
    }
    if (!this.sketches) this.startSketch();
    const mine = this.sketches as MetricsSketch[];
    for (let j = 0; j < this.layout.labels; j++) {
      if (other.sketches) mine[j].merge(other.sketches[j]);
      else mine[j].push(other.y[j], other.p[j], other.rows, other.w);
    }
  }

  toState(): StreamMetricsState {
    const cut = (a: Float64Array) => a.slice(0, this.rows);
    return {
      layout: this.layout,
      ...(this.note !== undefined ? { note: this.note } : {}),
      ...(this.note === undefined && !this.sketches ? { exact: { rows: this.rows, y: this.y.map(cut), p: this.p.map(cut), w: this.w ? cut(this.w) : null } } : {}),
      ...(this.sketches ? { sketch: this.sketches.map((s) => s.toState()) } : {}),
    };
  }

  static fromState(s: StreamMetricsState): StreamMetrics {
    const m = new StreamMetrics(s.layout);
    if (s.note !== undefined) m.fail(s.note);
    else if (s.sketch) m.sketches = s.sketch.map((k) => MetricsSketch.fromState(k));
    else if (s.exact) {
      m.rows = s.exact.rows;
      m.y = s.exact.y;
      m.p = s.exact.p;
      m.w = s.exact.w;
    }
    return m;
  }

  /**
   * The metrics of each label, or why there are none. `loss[j]` is label j's weighted mean loss
   * Σ w·ℓ / Σ w under the framework (for the skill); undefined leaves the skill out.
   */
  finish(loss: readonly (number | undefined)[]): { metrics: LabelMetrics[] } | { note: string } {
    if (this.note !== undefined) return { note: this.note };
    const out: LabelMetrics[] = [];
    for (let j = 0; j < this.layout.labels; j++) {
      let m: BinaryMetrics & Pick<LabelMetrics, 'errorBound'>;
      if (this.sketches) m = this.sketches[j].metrics();
      else {
        if (this.rows === 0) return { note: 'the input has no samples' };
        m = binaryMetrics(this.y[j].subarray(0, this.rows), this.p[j].subarray(0, this.rows), this.w ? this.w.subarray(0, this.rows) : undefined);
      }
      const l = loss[j];
      out.push({ ...m, ...(l !== undefined && m.baselineLoss > 0 ? { skill: 1 - l / m.baselineLoss } : {}) });
    }
    return { metrics: out };
  }
}

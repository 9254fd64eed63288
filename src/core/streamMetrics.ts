/**
 * The metrics of metrics.ts for data read in batches (files, worker threads), mergeable in input
 * order. Up to EXACT_METRICS_ELEMENTS elements the predictions are kept and binaryMetrics gives
 * scikit-learn's numbers exactly; past it they go into a MetricsSketch, which states its error.
 *
 * A thread reading several parts of a file (ranges, row groups) in whatever order it claimed them
 * says which part its rows are (startPart): the kept samples are put back in the parts' order and
 * the sketch adds its float sums in that order, so the metrics have the same bits however the
 * parts were shared out between threads.
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
  exact?: { rows: number; y: Float64Array[]; p: Float64Array[]; w: Float64Array | null; spans: PartSpan[] };
  sketch?: MetricsSketchState[];
}

/**
 * The buffers of a state's arrays (each once), for a thread to hand them over instead of copying
 * them: a sketch's table is 24 MiB (48 MiB weighted). They are the state's own: toState copies the
 * kept samples out, and a sketch allocates its table.
 */
export function stateBuffers(state: StreamMetricsState): ArrayBuffer[] {
  const arrays: Float64Array<ArrayBufferLike>[] = [];
  for (const s of state.sketch ?? []) arrays.push(s.table);
  if (state.exact) arrays.push(...state.exact.y, ...state.exact.p, ...(state.exact.w ? [state.exact.w] : []));
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}

/** Kept samples from `start` on (to the next span's start) belong to part `part` of the input. */
export interface PartSpan {
  part: number;
  start: number;
}

export class StreamMetrics {
  private readonly layout: Required<MetricsLayout>;
  private note?: string;
  private rows = 0;
  private y: Float64Array[];
  private p: Float64Array[];
  private w: Float64Array | null;
  /** Where each part's kept samples start, in the order read (ascending starts). */
  private spans: PartSpan[] = [{ part: 0, start: 0 }];
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

  /** The rows pushed from now on are part `part` of the input (a range, a row group). */
  startPart(part: number): void {
    if (this.sketches) for (const s of this.sketches) s.startPart(part);
    const last = this.spans[this.spans.length - 1];
    if (last.part === part) return;
    if (last.start === this.rows) last.part = part;
    else this.spans.push({ part, start: this.rows });
  }

  /** Each span's end: the next one's start, the last one's the rows kept. */
  private spanEnd(spans: readonly PartSpan[], i: number, rows: number): number {
    return i + 1 < spans.length ? spans[i + 1].start : rows;
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
    this.spans = [{ part: 0, start: 0 }];
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
    for (let j = 0; j < L; j++) pushSpans(this.sketches[j], this.y[j], this.p[j], this.w, this.spans, this.rows);
    this.y = [];
    this.p = [];
    this.w = null;
    this.rows = 0;
    this.spans = [{ part: 0, start: 0 }];
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
      for (let i = 0; i < other.spans.length; i++) {
        const { part, start } = other.spans[i];
        if (start === this.spanEnd(other.spans, i, other.rows)) continue;
        const last = this.spans[this.spans.length - 1];
        if (last.start === this.rows + start) last.part = part;
        else if (last.part !== part) this.spans.push({ part, start: this.rows + start });
      }
      this.rows += other.rows;
      return;
    }
    if (!this.sketches) this.startSketch();
    const mine = this.sketches as MetricsSketch[];
    for (let j = 0; j < this.layout.labels; j++) {
      if (other.sketches) mine[j].merge(other.sketches[j]);
      else pushSpans(mine[j], other.y[j], other.p[j], other.w, other.spans, other.rows);
    }
  }

  /** The kept samples in the order of their parts (a stable sort of the spans): the input's order. */
  private inPartOrder(): void {
    const spans = this.spans;
    if (spans.every((s, i) => i === 0 || spans[i - 1].part <= s.part)) return;
    const order = spans.map((s, i) => ({ ...s, end: this.spanEnd(spans, i, this.rows) })).sort((a, b) => a.part - b.part);
    const reorder = (a: Float64Array) => {
      const b = new Float64Array(this.rows);
      let at = 0;
      for (const s of order) {
        b.set(a.subarray(s.start, s.end), at);
        at += s.end - s.start;
      }
      return b;
    };
    this.y = this.y.map(reorder);
    this.p = this.p.map(reorder);
    if (this.w) this.w = reorder(this.w);
    let at = 0;
    this.spans = order.map((s) => {
      const span = { part: s.part, start: at };
      at += s.end - s.start;
      return span;
    });
  }

  toState(): StreamMetricsState {
    const cut = (a: Float64Array) => a.slice(0, this.rows);
    return {
      layout: this.layout,
      ...(this.note !== undefined ? { note: this.note } : {}),
      ...(this.note === undefined && !this.sketches ? { exact: { rows: this.rows, y: this.y.map(cut), p: this.p.map(cut), w: this.w ? cut(this.w) : null, spans: this.spans.map((s) => ({ ...s })) } } : {}),
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
      m.spans = s.exact.spans.map((p) => ({ ...p }));
    }
    return m;
  }

  /**
   * The metrics of each label, or why there are none. `loss[j]` is label j's weighted mean loss
   * Σ w·ℓ / Σ w under the framework (for the skill); undefined leaves the skill out.
   */
  finish(loss: readonly (number | undefined)[]): { metrics: LabelMetrics[] } | { note: string } {
    if (this.note !== undefined) return { note: this.note };
    if (!this.sketches) this.inPartOrder();
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

/** Kept samples into a sketch part by part, so that it sums each part on its own. */
function pushSpans(sketch: MetricsSketch, y: Float64Array, p: Float64Array, w: Float64Array | null, spans: readonly PartSpan[], rows: number): void {
  for (let i = 0; i < spans.length; i++) {
    const { part, start } = spans[i];
    const end = i + 1 < spans.length ? spans[i + 1].start : rows;
    sketch.startPart(part);
    if (end > start) sketch.push(y.subarray(start, end), p.subarray(start, end), end - start, w ? w.subarray(start, end) : null);
  }
}

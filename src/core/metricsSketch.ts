/**
 * The metrics of one label from a histogram over the predictions instead of the samples: bins of
 * width 1/G on [0, 1] (bin k holds k/G ≤ p < (k+1)/G, bin G holds p = 1), each with its weighted
 * positives and negatives and, while all its predictions are equal, their value. Mergeable (bins
 * add up), in memory bounded by G, whatever the number of rows.
 *
 * What stays exact: the Brier score, the base rate and its loss, the confusion matrix at 0.5 (a bin
 * edge) and at every threshold it reports, the uniform reliability diagram (streamed by its own
 * bins). A bin whose predictions are all one value is a true tie group, so data with fewer
 * distinct values than bins gets every metric exactly. Only a bin holding different values leaves
 * their order unknown: ROC AUC and average precision take the middle of what that order could give
 * and add half the range to the stated error bound; the best F1 is sought among bin edges; the
 * quantile bins' edges are known to within a bin.
 *
 * Same bits whichever thread read which part of the input, in whatever order: the table's sums
 * are exact (counts are integers; weights are summed exactly, in two numbers a sum, see addExact),
 * so they do not depend on the order rows arrive in, and the weights of positives and negatives are
 * summed from the bins, in their order; the few float sums left (Brier, reliability bins) are kept per part of the input (a range, a row group: startPart) and added up
 * in the parts' order at the end.
 */
import { CompensatedSum, type CompensatedSumState } from './compensatedSum';
import { calibrationOf, CALIBRATION_BINS, confusionOf, ThresholdWalk, uniformEdges, type BinaryMetrics, type Calibration } from './metrics';

/** How far the sketch's ROC AUC and average precision may be from the exact values. */
export interface MetricsErrorBound {
  /** Bins of the histogram over [0, 1]. */
  bins: number;
  /** Bins holding different predictions (0: every metric is exact). */
  mixedBins: number;
  /** |sketched − exact| is at most this. */
  rocAuc: number;
  averagePrecision: number;
  /** What else is approximate. */
  note: string;
}

export interface MetricsSketchState {
  bins: number;
  weighted: boolean;
  table: Float64Array;
  /** The float sums of each part of the input read, in the order read (not the parts' order). */
  parts: PartSums[];
  /** Weights added to a bin whose exact sum no longer fit in two numbers (then rounded). */
  inexactAdds: number;
}

/** The float sums over one part of the input (its number: a range, a row group), from zero. */
export interface PartSums {
  part: number;
  brier: CompensatedSumState;
  /** Σ w·p, Σ w·y, Σ w of each uniform reliability bin. */
  calibration: CompensatedSumState[];
}

/**
 * Slots of a bin in the table: negatives' weight, positives' weight, the value (−1: mixed), the
 * count (weighted only). A bin without samples is empty whatever its value slot holds: the table
 * needs no filling, so a new sketch costs nothing until rows reach it.
 */
const NEG = 0;
const POS = 1;
const VALUE = 2;
const COUNT = 3;
/** Weighted only: what each weight sum's first number leaves of the exact sum (addExact). */
const NEG_LOW = 4;
const MIXED = -1;

/**
 * Rows of a part whose Brier terms and reliability sums are summed plainly
 * before going into the compensated sums: a fixed count from the part's start, so a part's sums do not depend on how its
 * rows were handed over (batches, kept rows pushed at once).
 */
const SUM_BLOCK = 4096;

/**
 * Adds x exactly to the sum held as T[hi] + T[lo] (T[hi] the sum rounded, T[lo] the rest), so
 * that the rounded sum does not depend on the order of the additions. Two-sum (Knuth) twice:
 * returns false when the exact sum needs a third number (weights of very different magnitudes),
 * after adding the rounded rest anyway, or overflows.
 */
function addExact(T: Float64Array<ArrayBufferLike>, hi: number, lo: number, x: number): boolean {
  const a = T[hi];
  const s = a + x;
  // Past the largest double (weights ≥ 0): the sum is +∞, as plain addition gives.
  if (s === Infinity) {
    T[hi] = s;
    return false;
  }
  const sb = s - a;
  const e = a - (s - sb) + (x - sb);
  const l = T[lo];
  const t = e + l;
  const tb = t - e;
  const f = e - (t - tb) + (l - tb);
  const h = s + t;
  const hb = h - s;
  T[hi] = h;
  T[lo] = s - (h - hb) + (t - hb);
  return f === 0;
}

/** Bins for one label: 2^20 (about 10^-6 wide), fewer for many labels so the memory stays near 24 MiB. */
const MAX_BINS = 1 << 20;
const MIN_BINS = 1 << 14;

const EDGES = uniformEdges();

/**
 * Rows a sketch notes before it bins them (fewer for the smaller sketches of many labels): the
 * more rows a pass over the table takes, the closer it comes to a walk through it in order.
 */
const MAX_PENDING = 1 << 18;

/** Rows noted by pushChecked, not yet in the table: bin and label (2k + y), probability, weight. */
interface PendingRows {
  n: number;
  bin: Int32Array;
  prob: Float64Array;
  weight: Float64Array;
  /** Rows per low and per high digit of the bin (at d + 1); binRows turns them into where each digit's rows start. */
  lowStarts: Int32Array;
  highStarts: Int32Array;
}

/** Where binRows' first sorting pass puts the rows: one set for the thread, whichever sketch bins. */
let halfSorted: { bin: Int32Array; prob: Float64Array; weight: Float64Array } | undefined;

function halfSortedRows(rows: number, weighted: boolean): NonNullable<typeof halfSorted> {
  if (!halfSorted || halfSorted.bin.length < rows || (weighted && halfSorted.weight.length < rows)) {
    const size = Math.max(rows, halfSorted?.bin.length ?? 0);
    halfSorted = { bin: new Int32Array(size), prob: new Float64Array(size), weight: new Float64Array(weighted || (halfSorted?.weight.length ?? 0) > 0 ? size : 0) };
  }
  return halfSorted;
}

export class MetricsSketch {
  private readonly stride: number;
  private table: Float64Array<ArrayBufferLike>;
  /** The current part's number and float sums; the parts closed before it. */
  private part = 0;
  private partRows = 0;
  private brier = new CompensatedSum();
  /** The current block's plain sums (SUM_BLOCK). */
  private blockBrier = 0;
  private blockRows = 0;
  /** The current block's reliability sums (plain), and the part's (compensated). */
  private calibration = new Float64Array(3 * CALIBRATION_BINS);
  private partCalibration = newCalibrationSums();
  private closed: PartSums[] = [];
  private inexactAdds = 0;
  /** binRows sorts by bin in two digits: the low one has lowBits bits. */
  private readonly lowBits: number;
  private pendingRows?: PendingRows;

  constructor(
    readonly bins: number,
    readonly weighted: boolean,
    table?: Float64Array<ArrayBufferLike>,
  ) {
    this.stride = weighted ? 6 : 3;
    this.table = table ?? new Float64Array((bins + 1) * this.stride);
    this.lowBits = Math.floor(Math.ceil(Math.log2(bins + 1)) / 2);
  }

  /** Where pushChecked notes rows for the table (made at the first push). */
  private get pending(): PendingRows {
    const rows = Math.min(MAX_PENDING, Math.max(4096, this.bins >> 2));
    return (this.pendingRows ??= {
      n: 0,
      bin: new Int32Array(rows),
      prob: new Float64Array(rows),
      weight: new Float64Array(this.weighted ? rows : 0),
      lowStarts: new Int32Array((1 << this.lowBits) + 1),
      highStarts: new Int32Array((this.bins >> this.lowBits) + 2),
    });
  }

  /** Whether the bin at table offset `at` holds no sample. */
  private empty(at: number): boolean {
    const T = this.table;
    return this.stride > COUNT ? T[at + COUNT] === 0 : T[at + NEG] + T[at + POS] === 0;
  }

  static binsFor(labels: number): number {
    let bins = MAX_BINS;
    while (bins > MIN_BINS && bins * labels > MAX_BINS) bins >>= 1;
    return bins;
  }

  /** The rows pushed from now on are part `part` of the input (parts are summed in their order). */
  startPart(part: number): void {
    if (part === this.part) return;
    this.closePart();
    this.part = part;
  }

  /** The current part's sums go to the closed ones (none when it has no rows); a new part starts. */
  private closePart(): void {
    if (this.partRows === 0) return;
    this.flushBlock();
    this.closed.push({ part: this.part, brier: this.brier.toJSON(), calibration: this.partCalibration.map((c) => c.toJSON()) });
    this.brier = new CompensatedSum();
    this.partCalibration = newCalibrationSums();
    this.partRows = 0;
  }

  private flushBlock(): void {
    if (this.blockRows === 0) return;
    this.endBlock(this.blockBrier);
    this.blockBrier = 0;
    this.blockRows = 0;
  }

  /** A block's plain sums into the part's compensated ones. */
  private endBlock(brier: number): void {
    this.brier.add(brier);
    const cal = this.calibration;
    for (let b = 0; b < cal.length; b++) this.partCalibration[b].add(cal[b]);
    cal.fill(0);
  }

  /** n samples: labels 0 or 1, probabilities in [0, 1] (checked by the caller), weights or null. */
  push(y: ArrayLike<number>, p: ArrayLike<number>, n: number, w: ArrayLike<number> | null): void {
    this.pushChecked(y, p, n, w, false);
  }

  /**
   * n samples of one label as a file's batch holds them: the label must be 0 or 1 and the
   * prediction a number (clipped to [0, 1]), checked here in the same loop (no copy first). Returns
   * why a sample does not fit, after pushing the ones before it; undefined when all went in.
   */
  pushRaw(y: ArrayLike<number>, p: ArrayLike<number>, n: number, w: ArrayLike<number> | null): string | undefined {
    return this.pushChecked(y, p, n, w, true);
  }

  private pushChecked(y: ArrayLike<number>, p: ArrayLike<number>, n: number, w: ArrayLike<number> | null, check: boolean): string | undefined {
    const G = this.bins;
    const cal = this.calibration;
    const rows = this.pending;
    const { bin, prob, weight, lowStarts, highStarts } = rows;
    const lowBits = this.lowBits;
    const lowMask = (1 << lowBits) - 1;
    let noted = rows.n;
    let brier = this.blockBrier;
    let blockRows = this.blockRows;
    let done = 0;
    let bad: string | undefined;
    // In row order: the checks, the sums and the calibration bins (float sums, whose bits depend on
    // the order); each row's bin noted, and its digits counted, for binRows.
    for (let i = 0; i < n; i++) {
      const yi = y[i];
      let pi = p[i];
      if (check) {
        if (yi !== 0 && yi !== 1) {
          bad = `the metrics need labels 0 or 1 (hard labels), got ${yi}`;
          break;
        }
        if (!(pi >= 0 && pi <= 1)) {
          if (pi !== pi) {
            bad = `the metrics need numbers as predictions, got ${pi}`;
            break;
          }
          pi = pi < 0 ? 0 : 1;
        }
      }
      const wi = w ? w[i] : 1;
      if (noted === bin.length) {
        rows.n = noted;
        this.binRows();
        noted = 0;
      }
      const k = (pi * G) | 0;
      // Bin and label in one number: 2k for a negative, 2k + 1 for a positive.
      bin[noted] = 2 * k + (yi === 1 ? POS : NEG);
      prob[noted] = pi;
      if (w) weight[noted] = wi;
      noted++;
      lowStarts[(k & lowMask) + 1]++;
      highStarts[(k >> lowBits) + 1]++;
      // calibration_curve's bin: how many inner edges lie below p (searchsorted, side "left").
      let b = (pi * CALIBRATION_BINS) | 0;
      if (b > CALIBRATION_BINS - 1) b = CALIBRATION_BINS - 1;
      while (b > 0 && pi <= EDGES[b]) b--;
      while (b < CALIBRATION_BINS - 1 && pi > EDGES[b + 1]) b++;
      cal[3 * b] += wi * pi;
      cal[3 * b + 1] += wi * yi;
      cal[3 * b + 2] += wi;
      brier += wi * (yi - pi) * (yi - pi);
      done++;
      if (++blockRows === SUM_BLOCK) {
        this.endBlock(brier);
        brier = 0;
        blockRows = 0;
      }
    }
    rows.n = noted;
    this.blockBrier = brier;
    this.blockRows = blockRows;
    this.partRows += done;
    return bad;
  }

  /**
   * The noted rows into the table. A row goes to a random one of a million bins, a cache and TLB
   * miss each in 24 MiB: the rows are first sorted by bin (a radix sort, low digit then high digit),
   * so that the table is walked upwards as a stream. The sort is stable, so each bin takes its rows
   * in input order: the weighted sums are exact (addExact) and so order-free, except an addition
   * that could not be kept exact, which then adds as a row-by-row update would.
   */
  private binRows(): void {
    const rows = this.pendingRows;
    if (!rows || rows.n === 0) return;
    const T = this.table;
    const S = this.stride;
    const weighted = this.weighted;
    const { n, bin, prob, weight, lowStarts, highStarts } = rows;
    const half = halfSortedRows(n, weighted);
    const lowMask = (1 << this.lowBits) - 1;
    // Bin and label are 2k + y: the digits of k start one bit up.
    const highShift = this.lowBits + 1;
    for (let d = 1; d < lowStarts.length; d++) lowStarts[d] += lowStarts[d - 1];
    for (let d = 1; d < highStarts.length; d++) highStarts[d] += highStarts[d - 1];
    for (let r = 0; r < n; r++) {
      const kl = bin[r];
      const j = lowStarts[(kl >> 1) & lowMask]++;
      half.bin[j] = kl;
      half.prob[j] = prob[r];
      if (weighted) half.weight[j] = weight[r];
    }
    // Back into the noted rows' arrays, now in the order of their bins.
    for (let r = 0; r < n; r++) {
      const kl = half.bin[r];
      const j = highStarts[kl >> highShift]++;
      bin[j] = kl;
      prob[j] = half.prob[r];
      if (weighted) weight[j] = half.weight[r];
    }
    for (let j = 0; j < n; j++) {
      const kl = bin[j];
      const pi = prob[j];
      const at = (kl >> 1) * S;
      // Empty (no sample yet): this value (+ 0 makes -0 a 0: which of the two comes first would
      // otherwise decide); another value: mixed.
      if (S > COUNT ? T[at + COUNT] === 0 : T[at + NEG] + T[at + POS] === 0) T[at + VALUE] = pi + 0;
      else if (T[at + VALUE] !== pi) T[at + VALUE] = MIXED;
      if (weighted) {
        if (!addExact(T, at + (kl & 1), at + NEG_LOW + (kl & 1), weight[j])) this.inexactAdds++;
        T[at + COUNT]++;
      } else T[at + (kl & 1)]++;
    }
    rows.n = 0;
    lowStarts.fill(0);
    highStarts.fill(0);
  }

  /** Adds the bins of the input's next part. */
  merge(other: MetricsSketch): void {
    if (other.bins !== this.bins || other.stride !== this.stride) throw new Error('internal: sketches of different bins');
    this.binRows();
    other.binRows();
    const T = this.table;
    const U = other.table;
    const S = this.stride;
    for (let at = 0; at < T.length; at += S) {
      if (other.empty(at)) continue;
      const u = U[at + VALUE];
      if (this.empty(at)) T[at + VALUE] = u;
      else if (T[at + VALUE] !== u) T[at + VALUE] = MIXED;
      if (S > COUNT) {
        // The other's exact sum is its two numbers: both added exactly.
        for (let c = 0; c < 2; c++) {
          const fits = addExact(T, at + c, at + NEG_LOW + c, U[at + c]) && addExact(T, at + c, at + NEG_LOW + c, U[at + NEG_LOW + c]);
          if (!fits) this.inexactAdds++;
        }
        T[at + COUNT] += U[at + COUNT];
      } else {
        T[at + NEG] += U[at + NEG];
        T[at + POS] += U[at + POS];
      }
    }
    this.closePart();
    other.closePart();
    this.closed.push(...other.closed);
    this.inexactAdds += other.inexactAdds;
    this.part = other.part;
  }

  /** The float sums over every part, added in the parts' order (stable: a part's pieces in the order read). */
  private totals(): { brier: number; calibration: Float64Array } {
    this.closePart();
    const parts = [...this.closed].sort((a, b) => a.part - b.part);
    const brier = new CompensatedSum();
    const calibration = newCalibrationSums();
    for (const p of parts) {
      brier.merge(CompensatedSum.fromJSON(p.brier));
      p.calibration.forEach((c, b) => calibration[b].merge(CompensatedSum.fromJSON(c)));
    }
    return { brier: brier.value, calibration: Float64Array.from(calibration, (c) => c.value) };
  }

  toState(): MetricsSketchState {
    this.binRows();
    this.closePart();
    return { bins: this.bins, weighted: this.weighted, table: this.table, parts: [...this.closed], inexactAdds: this.inexactAdds };
  }

  static fromState(s: MetricsSketchState): MetricsSketch {
    const m = new MetricsSketch(s.bins, s.weighted, s.table);
    m.closed = [...s.parts];
    m.part = s.parts.length > 0 ? s.parts[s.parts.length - 1].part : 0;
    m.inexactAdds = s.inexactAdds;
    return m;
  }

  /** The metrics, with the error bound of ROC AUC and average precision. */
  metrics(): BinaryMetrics & { errorBound: MetricsErrorBound } {
    this.binRows();
    const T = this.table;
    const S = this.stride;
    const G = this.bins;
    const sums = this.totals();
    const { weightSum, positives, negatives } = this.classWeights();
    const baseRate = positives / weightSum;
    const baselineLoss = baseRate <= 0 || baseRate >= 1 ? 0 : -(baseRate * Math.log(baseRate) + (1 - baseRate) * Math.log(1 - baseRate));
    const twoClasses = positives > 0 && negatives > 0;
    // Bins from the highest prediction down: one group each, at its value (a true tie group) or,
    // mixed, at its lower edge; the trapezoids of roc_auc_score and the steps of average precision.
    let n = 0;
    let tps = 0;
    let fps = 0;
    let auc = 0;
    let ap = 0;
    let aucError = 0;
    let apError = 0;
    let mixedBins = 0;
    let bestF1 = -1;
    let best = { threshold: 1, tp: 0, fp: 0 };
    // Counts at 0.5 as two numbers: an object a bin would be made a million times.
    let halfTp = 0;
    let halfFp = 0;
    // A mixed bin stands at its lower edge: a threshold inside it counts none of it.
    const walk = new ThresholdWalk();
    for (let k = G; k >= 0; k--) {
      const at = k * S;
      if (this.empty(at)) continue;
      const v = T[at + VALUE];
      n += S > COUNT ? T[at + COUNT] : T[at + NEG] + T[at + POS];
      const tp0 = tps;
      const fp0 = fps;
      tps += T[at + POS];
      fps += T[at + NEG];
      const mixed = v === MIXED;
      const score = mixed ? k / G : v;
      if (score >= 0.5) {
        halfTp = tps;
        halfFp = fps;
      }
      walk.add(score, tps, fps);
      if (mixed) mixedBins++;
      if (!twoClasses) continue;
      const tpr = tps / positives;
      const recallStep = tpr - tp0 / positives;
      auc += ((fps / negatives - fp0 / negatives) * (tpr + tp0 / positives)) / 2;
      const precision = tps + fps > 0 ? tps / (tps + fps) : 0;
      if (!mixed) ap += recallStep * precision;
      else {
        // Each positive's precision lies between the order that puts the bin's negatives first and the one that puts them last.
        const low = tp0 + fps > 0 ? tp0 / (tp0 + fps) : 1;
        const high = tps / (tps + fp0);
        ap += (recallStep * (low + high)) / 2;
        apError += (Math.abs(recallStep) * Math.abs(high - low)) / 2;
        // Pairs inside the bin count half; the truth is anywhere from none to all of them.
        aucError += Math.abs((tps - tp0) * (fps - fp0)) / (2 * positives * negatives);
      }
      const f1 = precision + tpr > 0 ? (2 * precision * tpr) / (precision + tpr) : 0;
      if (f1 > bestF1) {
        bestF1 = f1;
        best = { threshold: score, tp: tps, fp: fps };
      }
    }
    return {
      n,
      weightSum,
      baseRate,
      baselineLoss,
      brier: sums.brier / weightSum,
      ...(twoClasses ? { rocAuc: auc, averagePrecision: ap } : {}),
      atHalf: confusionOf(0.5, halfTp, halfFp, positives, negatives),
      ...(twoClasses ? { bestF1: confusionOf(best.threshold, best.tp, best.fp, positives, negatives) } : {}),
      calibration: { uniform: uniformCalibration(sums.calibration, weightSum), quantile: this.quantileCalibration(n) },
      thresholds: walk.finish(positives, negatives),
      errorBound: {
        bins: G,
        mixedBins,
        rocAuc: aucError,
        averagePrecision: apError,
        note:
          (mixedBins > 0
            ? `more rows than fit in memory: ROC AUC and average precision from a histogram of ${G} bins over [0, 1]; the best F1 is the best among the bins' edges (its confusion matrix is exact at that threshold); the quantile bins' edges and the threshold view's counts at a threshold inside such a bin are known to within ${formatWidth(G)}`
            : `more rows than fit in memory, but at most one distinct prediction per bin of a histogram of ${G}: every metric is exact`) + inexactNote(this.inexactAdds),
      },
    };
  }

  /**
   * The weights of positives, negatives and both, summed from the bins upwards (compensated): the
   * bins' sums are exact, so these do not depend on the order the rows came in.
   */
  private classWeights(): { weightSum: number; positives: number; negatives: number } {
    const T = this.table;
    const S = this.stride;
    const pos = new CompensatedSum();
    const neg = new CompensatedSum();
    const all = new CompensatedSum();
    for (let at = 0; at < T.length; at += S) {
      if (this.empty(at)) continue;
      pos.add(T[at + POS]);
      neg.add(T[at + NEG]);
      all.add(T[at + POS]);
      all.add(T[at + NEG]);
    }
    return { weightSum: all.value, positives: pos.value, negatives: neg.value };
  }

  /** A bin's stand-in for its predictions: its value, or its middle when mixed. */
  private valueOf(k: number): number {
    const v = this.table[k * this.stride + VALUE];
    return v === MIXED ? (k + 0.5) / this.bins : v;
  }

  /**
   * calibration_curve(strategy="quantile") from the bins: the percentiles of the (unweighted)
   * predictions taken at their bin's value (its middle when mixed), each bin's samples then in the
   * reliability bin of that value.
   */
  private quantileCalibration(n: number): Calibration {
    const T = this.table;
    const S = this.stride;
    const G = this.bins;
    const last = n - 1;
    // The percentiles' order statistics, ascending, found in one sweep up the bins.
    const wanted = [...new Set(EDGES.flatMap((q) => [Math.floor(q * last), Math.min(Math.floor(q * last) + 1, last)]))].sort((a, b) => a - b);
    const valueAt = new Map<number, number>();
    let r = 0;
    let seen = 0;
    for (let k = 0; k <= G && r < wanted.length; k++) {
      const at = k * S;
      if (this.empty(at)) continue;
      seen += S > COUNT ? T[at + COUNT] : T[at + NEG] + T[at + POS];
      while (r < wanted.length && wanted[r] < seen) valueAt.set(wanted[r++], this.valueOf(k));
    }
    const edges = EDGES.map((q) => {
      const lo = Math.floor(q * last);
      const t = q * last - lo;
      const a = valueAt.get(lo) as number;
      const b = valueAt.get(Math.min(lo + 1, last)) as number;
      return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    });
    const inner = edges.slice(1, -1);
    const sums = new Float64Array(CALIBRATION_BINS);
    const trues = new Float64Array(CALIBRATION_BINS);
    const totals = new Float64Array(CALIBRATION_BINS);
    let total = 0;
    let b = 0;
    for (let k = 0; k <= G; k++) {
      const at = k * S;
      if (this.empty(at)) continue;
      const value = this.valueOf(k);
      while (b < inner.length && inner[b] < value) b++;
      const weight = T[at + NEG] + T[at + POS];
      sums[b] += weight * value;
      trues[b] += T[at + POS];
      totals[b] += weight;
      total += weight;
    }
    return calibrationOf(sums, trues, totals, total);
  }
}

function newCalibrationSums(): CompensatedSum[] {
  return Array.from({ length: 3 * CALIBRATION_BINS }, () => new CompensatedSum());
}

function uniformCalibration(c: Float64Array, total: number): Calibration {
  const pick = (o: number) => Array.from({ length: CALIBRATION_BINS }, (_, b) => c[3 * b + o]);
  return calibrationOf(pick(0), pick(1), pick(2), total);
}

/** What the sketch says when some bin's weight sum was rounded (addExact): those bits may differ between runs. */
function inexactNote(adds: number): string {
  if (adds === 0) return '';
  return `; the weights span too many orders of magnitude for ${adds} exact additions to bins: those bins' weight sums are rounded (to within about 1e-16 relative per addition), so the ROC AUC, average precision, quantile bins and threshold counts may differ in their last bits between runs and thread counts`;
}

function formatWidth(bins: number): string {
  return `1/${bins} (${(1 / bins).toPrecision(2)})`;
}

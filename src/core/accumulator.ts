import { CompensatedSum, type CompensatedSumState } from './compensatedSum';
import { columnsLoss, makeElementLoss, type ElementLoss } from './elementLoss';
import type { Framework } from './frameworks/framework';
import { KERAS_EPSILON } from './frameworks/keras3';
import { framework } from './frameworks/registry';
import { SKLEARN_EPSILON } from './frameworks/sklearn';
import { KernelMode } from './wasm/kernelModes';
import { BceError, LogitsDetected, type ElementPosition } from './errors';
import { PredictionHistogram } from './histogram';
import { attachedKernel, HARD_LABEL_STATE, HardLabelKernel, hardLabelKernel, KERNEL_SLICE, SLOT, type CopyingKernel, type KernelFormula } from './hardLabelKernel';
import { describeOptions, type ResolvedOptions } from './options';
import type { LossResult } from './result';
import { WorstSamples, type SamplePlace, type WorstSample } from './worstSamples';

export interface AccumulatorConfig {
  options: ResolvedOptions;
  /** Labels per sample; 1 for 1-D input. */
  labels: number;
  /** fromLogits was "auto": a prediction outside [0, 1] throws LogitsDetected so the caller restarts as logits. */
  autoLogits?: boolean;
  /** Keep every per-sample loss (needed for reduction "none" and small-input tables). */
  keepPerSample?: boolean;
  /**
   * Only what the loss needs (the weighted sums): no counts, class sums, extremes, histogram or worst
   * samples, whose places in the result are then empty. A comparison's rows show one number each.
   * Ignored with keepPerSample.
   */
  lossOnly?: boolean;
  worstK?: number;
  histogramBins?: number;
}

const f = Math.fround;

/** Everything an accumulator holds, as plain data (structured-cloneable: posted between worker threads). */
export interface AccumulatorState {
  options: ResolvedOptions;
  labels: number;
  autoLogits: boolean;
  worstK: number;
  histogramBins: number;
  samples: number;
  weighted: CompensatedSumState;
  unweighted: CompensatedSumState;
  weights: CompensatedSumState;
  classPositive: CompensatedSumState;
  classNegative: CompensatedSumState;
  /** Σ w·ℓ of the positive and of the negative samples (one label): the imbalance finding's loss under pos_weight. */
  classWeighted?: { positive: CompensatedSumState; negative: CompensatedSumState };
  positives: number;
  negatives: number;
  soft: number;
  minSample: number;
  maxSample: number;
  minPred: number;
  maxPred: number;
  clippedOutside: number;
  firstClipped?: ElementPosition;
  negativeWeights: number;
  firstNegativeWeight?: number;
  perLabel: CompensatedSumState[];
  /** Σ w·ℓ of each label (multi-label only). */
  perLabelWeighted: CompensatedSumState[];
  histogramPositive: Float64Array;
  histogramNegative: Float64Array;
  worst: WorstSample[];
  /** Per-sample losses, when kept. */
  perSample?: Float64Array;
}

/** One pushMany call's hard-label loop: its elements, the framework's q (mode 0 Keras 3, 1 tf.keras 2, 2 torch, 3 sklearn; clip bounds lo, hi), the histogram counts by 2·bin + label, and the running totals. */
interface HardLabelRun {
  y: ArrayLike<number>;
  p: ArrayLike<number>;
  n: number;
  sources: ArrayLike<number> | null | undefined;
  mode: number;
  lo: number;
  hi: number;
  bins: number;
  hist: Int32Array;
  totals: Float64Array;
}

/** Products of probabilities are renormalised by 2^800 before they could underflow. */
const RENORM = Math.pow(2, 800);
const RENORM_BELOW = Math.pow(2, -800);
const RENORM_LOG = 800 * Math.LN2;
/** torch clamps each log at −100: below this probability the element takes the per-row path. */
const TORCH_PRODUCT_MIN = 1e-30;

/**
 * Below this mean loss per element, a class's loss is summed element by element instead of taken
 * from the product (hardLabelLogs): the product's absolute error, about n·2^-53, is then at most
 * 1.1e-14 of the loss.
 */
const PRODUCT_MEAN_MIN = 1e-2;

/**
 * The losses by class (positive, negative) of the elements pushMany's products took, one log
 * each, Neumaier-summed: −log q with q formed as hardLabelsJs forms it, skipping the same elements.
 */
function hardLabelLogs(run: HardLabelRun): [number, number] {
  const { y, p, n, mode, lo, hi } = run;
  const positive = new CompensatedSum();
  const negative = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    const pi = p[i];
    if (!(pi >= 0 && pi <= 1 && yi * (1 - yi) === 0)) continue;
    const ny = 1 - yi;
    let q: number;
    if (mode === KernelMode.Clip || mode === KernelMode.ClipEpsInLog) {
      const pc = pi < lo ? lo : pi > hi ? hi : pi;
      q = yi * pc + ny * (1 - pc);
      if (mode === KernelMode.ClipEpsInLog) q += KERAS_EPSILON;
    } else if (mode === KernelMode.TorchClamp) {
      q = yi * pi + ny * (1 - pi);
      if (q < TORCH_PRODUCT_MIN) continue;
    } else {
      const q0 = 1 - pi;
      const c0 = q0 < lo ? lo : q0 > hi ? hi : q0;
      const c1 = pi < lo ? lo : pi > hi ? hi : pi;
      q = (yi * c1 + ny * c0) / (c0 + c1);
    }
    (yi === 1 ? positive : negative).add(-Math.log(q));
  }
  return [positive.value, negative.value];
}

/** The lower of a pair of halves (elements at even, odd indices): the odd half's only where it is below the even one's. */
function lowerOfHalves(t: Float64Array, slot: number): number {
  return t[slot + 1] < t[slot] ? t[slot + 1] : t[slot];
}

/** The higher of a pair of halves: the odd half's only where it is above the even one's. */
function higherOfHalves(t: Float64Array, slot: number): number {
  return t[slot + 1] > t[slot] ? t[slot + 1] : t[slot];
}

/**
 * Streaming binary cross-entropy: push samples in any number of chunks, in O(1) memory (unless
 * keepPerSample), and merge accumulators of consecutive parts of the input.
 */
export class BceAccumulator {
  readonly options: ResolvedOptions;
  readonly labels: number;
  private readonly framework: Framework;
  // The framework's facts the per-sample path asks, read once: framework objects have many shapes.
  /** torch: a sample's loss sums its elements (weights and "none" per element). */
  private readonly sumsElements: boolean;
  private readonly classLabels: boolean;
  private readonly weightsRefused: string | undefined;
  /** Weights stored as float32 (gradient boosting), and w·ℓ a float32 product too (XGBoost). */
  private readonly weightsFloat32: boolean;
  private readonly weightedProductFloat32: boolean;
  private readonly loss: ElementLoss;
  private readonly f32: boolean;
  private readonly autoLogits: boolean;
  private readonly probabilityMode: boolean;
  private readonly posWeight: Float64Array;

  private samples = 0;
  private readonly weighted = new CompensatedSum();
  private readonly unweighted = new CompensatedSum();
  private readonly weights = new CompensatedSum();
  private readonly classLoss = { positive: new CompensatedSum(), negative: new CompensatedSum() };
  private readonly classWeighted = { positive: new CompensatedSum(), negative: new CompensatedSum() };
  private positives = 0;
  private negatives = 0;
  private soft = 0;
  private minSample = Infinity;
  private maxSample = -Infinity;
  private minPred = Infinity;
  private maxPred = -Infinity;
  private clippedOutside = 0;
  private firstClipped?: ElementPosition;
  /** Negative sample weights are computed as the frameworks compute them, with a warning. */
  private negativeWeights = 0;
  private firstNegativeWeight?: number;
  private readonly perLabel: CompensatedSum[];
  private readonly perLabelWeighted: CompensatedSum[];
  private readonly histogram: PredictionHistogram;
  private readonly worst: WorstSamples;
  private perSample: Float64Array | undefined;
  private perSampleLength = 0;
  private readonly lossOnly: boolean;
  private readonly elementScratch: Float64Array;
  /** pushMany's counts by histogram bin, reused. */
  private binCounts = new Int32Array(0);
  /** pushMany's bound for entering the worst samples; it only falls as the heap fills, so an old one stays safe. */
  private worstBound = Infinity;
  private worstEntries = 0;
  /** pushMany's running totals (see hardLabelsJs), reused. */
  private readonly hardLabelTotals = new Float64Array(HARD_LABEL_STATE);

  constructor(config: AccumulatorConfig) {
    const o = config.options;
    this.options = o;
    this.labels = config.labels;
    if (!Number.isInteger(this.labels) || this.labels < 1) throw new BceError('shape', `a sample needs at least one label`);
    this.framework = framework(o.semantics);
    this.sumsElements = this.framework.sums === 'elements';
    this.classLabels = this.framework.classLabels;
    this.weightsRefused = this.framework.refuses.sampleWeights;
    this.weightsFloat32 = this.framework.float32Weights !== undefined;
    this.weightedProductFloat32 = o.dtype === 'float32' || this.framework.float32Weights === 'product';
    this.loss = makeElementLoss(o);
    this.f32 = o.dtype === 'float32';
    this.autoLogits = config.autoLogits ?? false;
    this.probabilityMode = !o.fromLogits;
    this.posWeight = new Float64Array(this.labels).fill(1);
    if (o.posWeight) {
      if (o.posWeight.length !== 1 && o.posWeight.length !== this.labels) {
        throw new BceError(
          'shape',
          `pos_weight has ${o.posWeight.length} entries but each sample has ${this.labels} labels; give one per label or one for all`,
        );
      }
      for (let j = 0; j < this.labels; j++) this.posWeight[j] = o.posWeight.length === 1 ? o.posWeight[0] : o.posWeight[j];
    }
    this.perLabel = Array.from({ length: this.labels > 1 ? this.labels : 0 }, () => new CompensatedSum());
    this.perLabelWeighted = Array.from({ length: this.labels > 1 ? this.labels : 0 }, () => new CompensatedSum());
    this.histogram = new PredictionHistogram(config.histogramBins ?? 40);
    this.worst = new WorstSamples(config.worstK ?? 50);
    if (config.keepPerSample) this.perSample = new Float64Array(1024);
    this.lossOnly = config.lossOnly === true && !config.keepPerSample;
    this.elementScratch = new Float64Array(this.labels);
  }

  get count(): number {
    return this.samples;
  }

  /** Sets where the kept worst samples from index `from` on lie in the input (a file reader's rows). */
  placeWorst(from: number, placeOf: (index: number) => SamplePlace): void {
    this.worst.place(from, placeOf);
  }

  /** One sample with one label. */
  pushOne(y: number, p: number, weight = 1, source?: number): void {
    if (this.labels !== 1) throw new BceError('shape', `expected ${this.labels} labels in sample ${this.samples}, got 1`, { array: 'y_true', index: this.samples });
    const i = this.samples;
    this.checkWeight(weight, i);
    this.checkElement(y, p, i, undefined);
    const l = this.loss(y, p, this.posWeight[0]);
    this.elementScratch[0] = l;
    this.countElement(y, p, l);
    this.finishSample(y, p, weight, l, l, source);
  }

  /** One sample: its labels and predictions (same length as `labels`) and its weight. */
  pushRow(y: ArrayLike<number>, p: ArrayLike<number>, weight = 1, source?: number): void {
    const i = this.samples;
    const L = this.labels;
    if (y.length !== L || p.length !== L) {
      throw new BceError('shape', `expected ${L} label(s) and prediction(s) in sample ${i}, got ${y.length} and ${p.length}`, {
        array: y.length !== L ? 'y_true' : 'y_pred',
        index: i,
      });
    }
    this.checkWeight(weight, i);
    const f32 = this.f32;
    let rowSum = 0;
    for (let j = 0; j < L; j++) {
      const yj = y[j];
      const pj = p[j];
      this.checkElement(yj, pj, i, L > 1 ? j : undefined);
      const l = this.loss(yj, pj, this.posWeight[j]);
      this.elementScratch[j] = l;
      rowSum = f32 ? f(rowSum + l) : rowSum + l;
      this.countElement(yj, pj, l);
      if (L > 1) {
        this.perLabel[j].add(l);
        this.perLabelWeighted[j].add(weight * l);
      }
    }
    const sampleLoss = L === 1 ? rowSum : f32 ? f(rowSum / L) : rowSum / L;
    this.finishSample(y, p, weight, sampleLoss, rowSum, source);
  }

  /**
   * pushRow([y], [p], weight) without the two arrays: the element of a 1-D column, with the same
   * operations in the same order (the row sum 0 + ℓ included, which turns −0 into +0).
   */
  pushSingle(y: number, p: number, weight = 1): void {
    if (this.labels !== 1) throw new BceError('shape', `expected ${this.labels} label(s) and prediction(s) in sample ${this.samples}, got 1 and 1`, { array: 'y_true', index: this.samples });
    const i = this.samples;
    this.checkWeight(weight, i);
    this.checkElement(y, p, i, undefined);
    const l = this.loss(y, p, this.posWeight[0]);
    this.elementScratch[0] = l;
    const rowSum = this.f32 ? f(0 + l) : 0 + l;
    this.countElement(y, p, l);
    this.finishSample(y, p, weight, rowSum, rowSum);
  }

  /** sklearn with a 2-column y_pred [P(class 0), P(class 1)]; y is the class index 0 or 1. */
  pushSklearnColumns(y: number, q0: number, q1: number, weight = 1, source?: number): void {
    const i = this.samples;
    this.checkWeight(weight, i);
    if (y !== 0 && y !== 1) throw new BceError('label-range', `expected class 0 or 1, got ${y}`, { array: 'y_true', index: i });
    for (const [j, q] of [q0, q1].entries()) {
      if (!Number.isFinite(q)) throw new BceError('not-finite', `expected a finite probability, got ${q}`, { array: 'y_pred', index: i, label: j });
      if (q < 0 || q > 1) this.noteClipped({ array: 'y_pred', index: i, label: j });
    }
    const l = columnsLoss(this.options, y, q0, q1);
    this.countElement(y, q1, l);
    this.finishSample([y], [q0, q1], weight, l, l, source);
  }

  /**
   * n one-label samples from flat arrays: the same as pushOne(y[i], p[i], weights?.[i] ?? 1, sources?.[i])
   * for each i. Without weights, for float64 probabilities without label smoothing or per-sample
   * losses, the elements with a hard label (0 or 1) take one log per call instead of one per
   * element: each element loss is −log q (q = the clipped p or 1 − p as the framework forms it),
   * so the sum of a class's losses is −log of the product of its q's, renormalised by powers of two
   * before it underflows. Everything else (soft labels, predictions outside [0, 1], torch's −100
   * clamp) goes through pushOne, element by element.
   */
  pushMany(y: ArrayLike<number>, p: ArrayLike<number>, n: number, weights?: ArrayLike<number> | null, sources?: ArrayLike<number> | null): void {
    if (this.labels !== 1) throw new BceError('shape', `expected ${this.labels} labels in sample ${this.samples}, got 1`, { array: 'y_true', index: this.samples });
    const o = this.options;
    const mode = this.framework.kernel;
    if (n < 16 || weights || this.f32 || !this.probabilityMode || o.labelSmoothing !== 0 || this.perSample || mode === undefined) {
      for (let i = 0; i < n; i++) this.pushOne(y[i], p[i], weights ? weights[i] : 1, sources ? sources[i] : undefined);
      return;
    }
    const eps = mode === KernelMode.ClipColumnsRenormalise ? SKLEARN_EPSILON.float64 : KERAS_EPSILON;
    const lo = eps;
    const hi = 1 - eps;
    const base = this.samples;
    const bins = this.histogram.bins;
    // Counts by bin and class, interleaved (2·bin + label), so the class needs no branch.
    const hist = this.binCounts.length === 2 * bins ? this.binCounts.fill(0) : (this.binCounts = new Int32Array(2 * bins));
    // The running totals, in the kernel's order: pairs of halves (elements at even, odd indices) of the
    // products and extremes, then renormalisations and counts.
    const t = this.hardLabelTotals;
    t.fill(1, SLOT.productPositive, SLOT.productNegative + 2);
    t.fill(Infinity, SLOT.qMin, SLOT.qMin + 2);
    t.fill(-Infinity, SLOT.qMax, SLOT.qMax + 2);
    t.fill(this.minPred, SLOT.pMin, SLOT.pMin + 2);
    t.fill(this.maxPred, SLOT.pMax, SLOT.pMax + 2);
    t.fill(0, SLOT.renormPositive);
    // Rows already in a kernel's memory are read in place; others are copied into the thread's kernel.
    const fits = bins <= HardLabelKernel.maxBins;
    const inPlace = fits ? attachedKernel(y, p) : undefined;
    const kernel = inPlace ?? (fits ? hardLabelKernel() : null);
    const run: HardLabelRun = { y, p, n, sources, mode, lo, hi, bins, hist, totals: t };
    if (kernel) this.hardLabelsWasm(kernel, inPlace !== undefined, run);
    else this.hardLabelsJs(run);
    // Counts as small integers (`| 0`), so this.positives stays one for the JIT.
    const nPositive = t[SLOT.nPositive] | 0;
    const nFast = t[SLOT.nFast] | 0;
    const nNegative = nFast - nPositive;
    for (let b = 0; b < bins; b++) {
      this.histogram.negative[b] += hist[2 * b];
      this.histogram.positive[b] += hist[2 * b + 1];
    }
    this.samples = base + n;
    if (nFast === 0) return;
    // One product per half: −log of each, plus the renormalisations of both.
    let lossPositive = t[SLOT.renormPositive] * RENORM_LOG - Math.log(t[SLOT.productPositive]) - Math.log(t[SLOT.productPositive + 1]);
    let lossNegative = t[SLOT.renormNegative] * RENORM_LOG - Math.log(t[SLOT.productNegative]) - Math.log(t[SLOT.productNegative + 1]);
    // A product near 1 keeps few digits of its distance from 1: its −log is off by up to about
    // one rounding per element, absolutely. Where that is not negligible beside the class's loss
    // (confident predictions, mean loss under 1e-2), the elements' logs are summed one by one.
    if (lossPositive < nPositive * PRODUCT_MEAN_MIN || lossNegative < nNegative * PRODUCT_MEAN_MIN) {
      [lossPositive, lossNegative] = hardLabelLogs(run);
    }

    this.weighted.add(lossPositive);
    this.weighted.add(lossNegative);
    this.unweighted.add(lossPositive);
    this.unweighted.add(lossNegative);
    this.weights.add(nFast);
    this.classLoss.positive.add(lossPositive);
    this.classLoss.negative.add(lossNegative);
    this.classWeighted.positive.add(lossPositive);
    this.classWeighted.negative.add(lossNegative);
    this.positives += nPositive;
    this.negatives += nNegative;
    const smallest = -Math.log(higherOfHalves(t, SLOT.qMax));
    const largest = -Math.log(lowerOfHalves(t, SLOT.qMin));
    if (smallest < this.minSample) this.minSample = smallest;
    if (largest > this.maxSample) this.maxSample = largest;
    const pMin = lowerOfHalves(t, SLOT.pMin);
    const pMax = higherOfHalves(t, SLOT.pMax);
    if (pMin < this.minPred) this.minPred = pMin;
    if (pMax > this.maxPred) this.maxPred = pMax;
  }

  /**
   * pushMany's loop over hard labels in WebAssembly (the same operations as hardLabelsJs), slice
   * by slice, reading y and p in place when they are views of the kernel's memory.
   */
  private hardLabelsWasm(kernel: HardLabelKernel, inPlace: boolean, run: HardLabelRun): void {
    const { y, p, n, sources, mode, lo, hi, bins, hist, totals } = run;
    const base = this.samples;
    let qEnters = this.worstEntryBound();
    kernel.state.set(totals);
    kernel.hist.fill(0, 0, 2 * bins);
    const formula: KernelFormula = { mode, lo, hi, kerasEpsilon: KERAS_EPSILON, torchMin: TORCH_PRODUCT_MIN, renorm: RENORM, renormBelow: RENORM_BELOW, bins };
    const slice = inPlace ? n : KERNEL_SLICE;
    for (let start = 0; start < n; start += slice) {
      const m = Math.min(slice, n - start);
      let yPtr: number;
      let pPtr: number;
      if (inPlace) {
        yPtr = (y as Float64Array).byteOffset;
        pPtr = (p as Float64Array).byteOffset;
      } else {
        const copying = kernel as CopyingKernel;
        if (y instanceof Float64Array && p instanceof Float64Array) {
          copying.y.set(y.subarray(start, start + m));
          copying.p.set(p.subarray(start, start + m));
        } else {
          for (let j = 0; j < m; j++) {
            copying.y[j] = y[start + j];
            copying.p[j] = p[start + j];
          }
        }
        yPtr = copying.yPtr;
        pPtr = copying.pPtr;
      }
      let j = 0;
      while (j < m) {
        const stop = kernel.run({ yPtr, pPtr, from: j, to: m, qEnters }, formula);
        const listed = kernel.candidateCount();
        for (let c = 0; c < listed; c++) {
          const q = kernel.candidateQ[c];
          // The kernel listed them with the bound it was given; the loop below would offer only these.
          if (q <= qEnters) {
            const k = start + kernel.candidates[c];
            qEnters = this.offerWorst(base + k, y[k], p[k], q, sources ? sources[k] : undefined, qEnters);
          }
        }
        j = stop;
        if (listed < kernel.candidateCap && j < m) {
          // An element the products cannot take: the per-row path, in its place.
          this.samples = base + start + j;
          this.pushOne(y[start + j], p[start + j], 1, sources ? sources[start + j] : undefined);
          j++;
        }
      }
    }
    totals.set(kernel.state);
    hist.set(kernel.hist.subarray(0, 2 * bins));
  }

  /**
   * pushMany's loop over hard labels: each element's q as the framework forms it, into the two
   * running products, the counts, the histogram, the extremes and the worst samples; an element
   * the products cannot take goes through pushOne in its place.
   */
  private hardLabelsJs(run: HardLabelRun): void {
    const { y, p, n, sources, mode, lo, hi, bins, hist, totals } = run;
    const base = this.samples;
    let qEnters = this.worstEntryBound();
    // Halves as the kernel keeps them: element i goes to half i & 1 (see wasm/hardLabels.as.ts).
    const halves = (slot: number) => totals.subarray(slot, slot + 2);
    const productPositive = halves(SLOT.productPositive);
    const productNegative = halves(SLOT.productNegative);
    const qMin = halves(SLOT.qMin);
    const qMax = halves(SLOT.qMax);
    const pMin = halves(SLOT.pMin);
    const pMax = halves(SLOT.pMax);
    let renormPositive = totals[SLOT.renormPositive];
    let renormNegative = totals[SLOT.renormNegative];
    let nPositive = totals[SLOT.nPositive] | 0;
    let nFast = totals[SLOT.nFast] | 0;
    // Labels are 0 or 1 here, so yi·a + (1 − yi)·b selects exactly and without a branch.
    let i = 0;
    while (i < n) {
      for (; i < n; i++) {
        const yi = y[i];
        const pi = p[i];
        let q = -1;
        if (pi >= 0 && pi <= 1 && yi * (1 - yi) === 0) {
          const ny = 1 - yi;
          if (mode === KernelMode.Clip) {
            const pc = pi < lo ? lo : pi > hi ? hi : pi;
            q = yi * pc + ny * (1 - pc);
          } else if (mode === KernelMode.ClipEpsInLog) {
            const pc = pi < lo ? lo : pi > hi ? hi : pi;
            q = yi * pc + ny * (1 - pc) + KERAS_EPSILON;
          } else if (mode === KernelMode.TorchClamp) {
            q = yi * pi + ny * (1 - pi);
            if (q < TORCH_PRODUCT_MIN) q = -1;
          } else {
            const q0 = 1 - pi;
            const c0 = q0 < lo ? lo : q0 > hi ? hi : q0;
            const c1 = pi < lo ? lo : pi > hi ? hi : pi;
            q = (yi * c1 + ny * c0) / (c0 + c1);
          }
        }
        if (q < 0) break;
        const half = i & 1;
        const ny = 1 - yi;
        productPositive[half] *= yi * q + ny;
        productNegative[half] *= ny * q + yi;
        if (productPositive[half] < RENORM_BELOW) {
          productPositive[half] *= RENORM;
          renormPositive++;
        }
        if (productNegative[half] < RENORM_BELOW) {
          productNegative[half] *= RENORM;
          renormNegative++;
        }
        // yi is 0 or 1 here; `| 0` keeps the count (and this.positives) a small integer for the JIT.
        nPositive += yi | 0;
        nFast++;
        let bin = (pi * bins) | 0;
        if (bin >= bins) bin = bins - 1;
        hist[2 * bin + (yi | 0)]++;
        if (q < qMin[half]) qMin[half] = q;
        if (q > qMax[half]) qMax[half] = q;
        if (pi < pMin[half]) pMin[half] = pi;
        if (pi > pMax[half]) pMax[half] = pi;
        if (q <= qEnters) qEnters = this.offerWorst(base + i, yi, pi, q, sources ? sources[i] : undefined, qEnters);
      }
      if (i < n) {
        // An element the products cannot take: the per-row path, in its place.
        this.samples = base + i;
        this.pushOne(y[i], p[i], 1, sources ? sources[i] : undefined);
        i++;
      }
    }
    totals[SLOT.renormPositive] = renormPositive;
    totals[SLOT.renormNegative] = renormNegative;
    totals[SLOT.nPositive] = nPositive;
    totals[SLOT.nFast] = nFast;
  }

  /**
   * Offers a sample of loss −log q to the worst samples; returns the entry bound to use next. An
   * old bound stays safe (it only admits more candidates), so it is renewed every 32 entries.
   */
  private offerWorst(index: number, y: number, p: number, q: number, source: number | undefined, bound: number): number {
    const loss = -Math.log(q);
    if (!this.worst.wouldKeep(loss)) return bound;
    this.worst.push({ index, loss, yTrue: [y], yPred: [p], weight: 1, ...(source === undefined ? {} : { source }) });
    if (bound === Infinity || ++this.worstEntries % 32 === 0) this.worstBound = Infinity;
    return this.worstEntryBound();
  }

  /** q at or below which −log q may enter the worst samples (with a margin for rounding). */
  private worstEntryBound(): number {
    if (this.worstBound !== Infinity) return this.worstBound;
    const kept = this.worst.sorted();
    if (kept.length < this.worst.k) return Infinity;
    if (kept.length === 0) return -Infinity;
    this.worstBound = Math.exp(-kept[kept.length - 1].loss) * (1 + 1e-9);
    return this.worstBound;
  }

  /** Plain data for another thread; {@link BceAccumulator.fromState} rebuilds an equal accumulator. */
  toState(): AccumulatorState {
    return {
      options: this.options,
      labels: this.labels,
      autoLogits: this.autoLogits,
      worstK: this.worst.k,
      histogramBins: this.histogram.bins,
      samples: this.samples,
      weighted: this.weighted.toJSON(),
      unweighted: this.unweighted.toJSON(),
      weights: this.weights.toJSON(),
      classPositive: this.classLoss.positive.toJSON(),
      classNegative: this.classLoss.negative.toJSON(),
      classWeighted: { positive: this.classWeighted.positive.toJSON(), negative: this.classWeighted.negative.toJSON() },
      positives: this.positives,
      negatives: this.negatives,
      soft: this.soft,
      minSample: this.minSample,
      maxSample: this.maxSample,
      minPred: this.minPred,
      maxPred: this.maxPred,
      clippedOutside: this.clippedOutside,
      ...(this.firstClipped ? { firstClipped: { ...this.firstClipped } } : {}),
      negativeWeights: this.negativeWeights,
      ...(this.firstNegativeWeight !== undefined ? { firstNegativeWeight: this.firstNegativeWeight } : {}),
      perLabel: this.perLabel.map((s) => s.toJSON()),
      perLabelWeighted: this.perLabelWeighted.map((s) => s.toJSON()),
      histogramPositive: Float64Array.from(this.histogram.positive),
      histogramNegative: Float64Array.from(this.histogram.negative),
      worst: this.worst.sorted(),
      // A view, not a copy (3·10⁷ samples are 240 MB): later appends write past its end or into a grown buffer.
      ...(this.perSample ? { perSample: this.perSample.subarray(0, this.perSampleLength) } : {}),
    };
  }

  static fromState(s: AccumulatorState): BceAccumulator {
    const a = new BceAccumulator({
      options: s.options,
      labels: s.labels,
      autoLogits: s.autoLogits,
      keepPerSample: s.perSample !== undefined,
      worstK: s.worstK,
      histogramBins: s.histogramBins,
    });
    a.samples = s.samples;
    a.weighted.merge(CompensatedSum.fromJSON(s.weighted));
    a.unweighted.merge(CompensatedSum.fromJSON(s.unweighted));
    a.weights.merge(CompensatedSum.fromJSON(s.weights));
    a.classLoss.positive.merge(CompensatedSum.fromJSON(s.classPositive));
    a.classLoss.negative.merge(CompensatedSum.fromJSON(s.classNegative));
    if (s.classWeighted) {
      a.classWeighted.positive.merge(CompensatedSum.fromJSON(s.classWeighted.positive));
      a.classWeighted.negative.merge(CompensatedSum.fromJSON(s.classWeighted.negative));
    }
    a.positives = s.positives;
    a.negatives = s.negatives;
    a.soft = s.soft;
    a.minSample = s.minSample;
    a.maxSample = s.maxSample;
    a.minPred = s.minPred;
    a.maxPred = s.maxPred;
    a.clippedOutside = s.clippedOutside;
    if (s.firstClipped) a.firstClipped = { ...s.firstClipped };
    a.negativeWeights = s.negativeWeights;
    a.firstNegativeWeight = s.firstNegativeWeight;
    a.perLabel.forEach((sum, j) => sum.merge(CompensatedSum.fromJSON(s.perLabel[j])));
    a.perLabelWeighted.forEach((sum, j) => sum.merge(CompensatedSum.fromJSON(s.perLabelWeighted[j])));
    a.histogram.positive.set(s.histogramPositive);
    a.histogram.negative.set(s.histogramNegative);
    for (const w of s.worst) a.worst.push({ ...w, yTrue: [...w.yTrue], yPred: [...w.yPred], ...(w.group ? { group: { ...w.group } } : {}) });
    if (s.perSample) {
      // Adopted, not copied: it is full, so the next append grows into a new buffer and leaves it as it is.
      a.perSample = s.perSample;
      a.perSampleLength = s.perSample.length;
    }
    return a;
  }

  private checkWeight(w: number, i: number): void {
    if (!Number.isFinite(w)) {
      throw new BceError('weight', `expected a finite sample weight, got ${w}`, { array: 'sample_weight', index: i });
    }
    if (w !== 1 && this.weightsRefused) throw new BceError('option', this.weightsRefused);
    if (w < 0 && this.negativeWeights++ === 0) this.firstNegativeWeight = i;
  }

  private checkElement(y: number, p: number, i: number, j: number | undefined): void {
    if (!Number.isFinite(y)) throw new BceError('not-finite', `expected a finite label, got ${y}`, { array: 'y_true', index: i, label: j });
    if (!Number.isFinite(p)) throw new BceError('not-finite', `expected a finite prediction, got ${p}`, { array: 'y_pred', index: i, label: j });
    if (y < 0 || y > 1) throw new BceError('label-range', `expected a label in [0, 1], got ${y}`, { array: 'y_true', index: i, label: j });
    if (this.classLabels && y !== 0 && y !== 1) {
      throw new BceError('label-range', `${this.framework.title} treats labels as classes: expected 0 or 1, got ${y}`, { array: 'y_true', index: i, label: j });
    }
    if (this.probabilityMode && (p < 0 || p > 1)) {
      const at = { array: 'y_pred' as const, index: i, label: j };
      if (this.autoLogits) throw new LogitsDetected(at, p);
      if (this.framework.probabilityGuard(this.options).kind === 'clamp') {
        throw new BceError('prediction-range', `PyTorch BCELoss needs probabilities in [0, 1], got ${p}; use logits (BCEWithLogitsLoss) instead`, at);
      }
      this.noteClipped(at);
    }
  }

  private noteClipped(at: ElementPosition): void {
    if (this.clippedOutside++ === 0) this.firstClipped = at;
  }

  private countElement(y: number, p: number, l: number): void {
    if (this.lossOnly) return;
    if (y === 1) {
      this.positives++;
      this.classLoss.positive.add(l);
    } else if (y === 0) {
      this.negatives++;
      this.classLoss.negative.add(l);
    } else this.soft++;
    if (p < this.minPred) this.minPred = p;
    if (p > this.maxPred) this.maxPred = p;
    const prob = this.probabilityMode ? p : 1 / (1 + Math.exp(-p));
    this.histogram.add(prob, y >= 0.5);
  }

  private finishSample(y: ArrayLike<number> | number, p: ArrayLike<number> | number, w: number, sampleLoss: number, rowSum: number, source?: number): void {
    const f32 = this.f32;
    const i = this.samples++;
    // torch weights each element; Keras and sklearn weight the per-sample loss.
    const reduced = this.sumsElements ? rowSum : sampleLoss;
    if (this.weightsFloat32) w = f(w);
    const weightedLoss = this.weightedProductFloat32 ? f(w * reduced) : w * reduced;
    this.weighted.add(weightedLoss);
    if (this.lossOnly) {
      this.weights.add(w);
      return;
    }
    if (this.labels === 1) {
      const label = typeof y === 'number' ? y : y[0];
      if (label === 1) this.classWeighted.positive.add(weightedLoss);
      else if (label === 0) this.classWeighted.negative.add(weightedLoss);
    }
    this.unweighted.add(sampleLoss);
    this.weights.add(w);
    if (sampleLoss < this.minSample) this.minSample = sampleLoss;
    if (sampleLoss > this.maxSample) this.maxSample = sampleLoss;
    if (this.worst.wouldKeep(sampleLoss)) {
      this.worst.push({ index: i, loss: sampleLoss, yTrue: typeof y === 'number' ? [y] : Array.from(y), yPred: typeof p === 'number' ? [p] : Array.from(p), weight: w, ...(source === undefined ? {} : { source }) });
    }
    if (this.perSample) {
      if (this.sumsElements) {
        for (let j = 0; j < this.labels; j++) this.appendPerSample(f32 ? f(w * this.elementScratch[j]) : w * this.elementScratch[j]);
      } else this.appendPerSample(f32 ? f(w * sampleLoss) : w * sampleLoss);
    }
  }

  private appendPerSample(v: number): void {
    let buf = this.perSample as Float64Array;
    if (this.perSampleLength === buf.length) {
      const grown = new Float64Array(Math.max(1024, buf.length * 2));
      grown.set(buf);
      this.perSample = buf = grown;
    }
    buf[this.perSampleLength++] = v;
  }

  /**
   * Adds an accumulator of the input part that follows this one (both with the same options and
   * label count). sourceOffset shifts the other part's sample sources, e.g. by the lines before it,
   * and rowOffset their rows (by the rows before it).
   */
  merge(other: BceAccumulator, sourceOffset = 0, rowOffset = 0): void {
    if (other.labels !== this.labels) throw new BceError('shape', `cannot merge parts with ${this.labels} and ${other.labels} labels`);
    const offset = this.samples;
    this.samples += other.samples;
    this.weighted.merge(other.weighted);
    this.unweighted.merge(other.unweighted);
    this.weights.merge(other.weights);
    this.classLoss.positive.merge(other.classLoss.positive);
    this.classLoss.negative.merge(other.classLoss.negative);
    this.classWeighted.positive.merge(other.classWeighted.positive);
    this.classWeighted.negative.merge(other.classWeighted.negative);
    this.positives += other.positives;
    this.negatives += other.negatives;
    this.soft += other.soft;
    this.minSample = Math.min(this.minSample, other.minSample);
    this.maxSample = Math.max(this.maxSample, other.maxSample);
    this.minPred = Math.min(this.minPred, other.minPred);
    this.maxPred = Math.max(this.maxPred, other.maxPred);
    if (other.clippedOutside > 0 && this.clippedOutside === 0 && other.firstClipped) {
      this.firstClipped = { ...other.firstClipped, index: other.firstClipped.index + offset };
    }
    this.clippedOutside += other.clippedOutside;
    if (other.negativeWeights > 0 && this.negativeWeights === 0 && other.firstNegativeWeight !== undefined) {
      this.firstNegativeWeight = other.firstNegativeWeight + offset;
    }
    this.negativeWeights += other.negativeWeights;
    this.perLabel.forEach((s, j) => s.merge(other.perLabel[j]));
    this.perLabelWeighted.forEach((s, j) => s.merge(other.perLabelWeighted[j]));
    this.histogram.merge(other.histogram);
    this.worst.merge(other.worst, offset, sourceOffset, rowOffset);
    if (this.perSample) {
      if (!other.perSample) throw new BceError('option', 'cannot merge a part that did not keep per-sample losses');
      for (let k = 0; k < other.perSampleLength; k++) this.appendPerSample(other.perSample[k]);
    }
  }

  /** The reduced loss and the statistics; throws on empty input or sklearn's zero weight sum. */
  result(extra: { logitsDetected?: boolean; warnings?: string[] } = {}): LossResult {
    const o = this.options;
    const n = this.samples;
    if (n === 0) throw new BceError('empty', 'the input has no samples');
    const round = this.f32 ? f : (x: number) => x;
    const weighted = this.weighted.value;
    const weightSum = this.weights.value;
    const divideNoNan = (a: number, b: number) => (b === 0 ? 0 : a / b);
    let loss: LossResult['loss'];
    switch (o.reduction) {
      case 'none':
        loss = this.perSampleValues();
        break;
      case 'sum':
        loss = round(weighted);
        break;
      case 'mean_with_sample_weight':
        loss = round(divideNoNan(weighted, weightSum));
        break;
      case 'sum_over_batch_size':
        loss = round(divideNoNan(weighted, n));
        break;
      case 'mean':
        if (this.framework.sums === 'elements') loss = round(weighted / (n * this.labels));
        else if (this.framework.meanDivisor === 'weights') {
          if (weightSum === 0) throw new BceError('weight', `sample weights sum to zero, so ${this.framework.title}'s weighted mean is undefined`);
          loss = round(weighted / weightSum);
        } else loss = round(divideNoNan(weighted, n));
        break;
    }
    const warnings = [...(extra.warnings ?? [])];
    if (this.clippedOutside > 0 && this.firstClipped) {
      const at = this.firstClipped;
      warnings.push(
        `${this.clippedOutside} prediction(s) outside [0, 1] were clipped as ${this.framework.title} does (first at y_pred[${at.index}]${at.label === undefined ? '' : `[${at.label}]`})`,
      );
    }
    // from_logits forced true on values that all look like probabilities: most likely a mistake (issue 14).
    if (o.fromLogits && !extra.logitsDetected && this.minPred >= 0 && this.maxPred <= 1) {
      warnings.push(
        'from_logits is true but every prediction lies in [0, 1], so they look like probabilities: read as logits they give a different loss; if they are probabilities, choose probabilities (from_logits false) or auto',
      );
    }
    if (this.negativeWeights > 0) {
      warnings.push(
        `${this.negativeWeights} negative sample weight(s), computed as ${this.framework.title} computes them (first at sample_weight[${this.firstNegativeWeight}]): a weighted loss can then be negative or undefined`,
      );
    }
    const h = this.histogram;
    return {
      loss,
      semantics: o.semantics,
      fromLogits: o.fromLogits,
      logitsDetected: extra.logitsDetected ?? false,
      labelSmoothing: o.labelSmoothing,
      reduction: o.reduction,
      dtype: o.dtype,
      ...(o.posWeight ? { posWeight: [...o.posWeight] } : {}),
      ...(o.classes ? { classes: [...o.classes] } : {}),
      description: describeOptions(o),
      n,
      labels: this.labels,
      stats: {
        positives: this.positives,
        negatives: this.negatives,
        soft: this.soft,
        meanLossPositive: this.positives ? this.classLoss.positive.value / this.positives : NaN,
        meanLossNegative: this.negatives ? this.classLoss.negative.value / this.negatives : NaN,
        minSampleLoss: this.minSample,
        maxSampleLoss: this.maxSample,
        meanSampleLoss: this.unweighted.value / n,
        weightSum,
        minPrediction: this.minPred,
        maxPrediction: this.maxPred,
        histogram: { edges: h.edges(), positive: Array.from(h.positive), negative: Array.from(h.negative) },
        worst: this.worst.sorted(),
        ...(this.labels > 1 ? { perLabel: this.perLabel.map((s) => s.value / n) } : {}),
      },
      warnings,
    };
  }

  /** Σ w·ℓ of the positive and of the negative samples, as the weighted total sums them (one label only). */
  classWeightedLosses(): { positive: number; negative: number } | undefined {
    if (this.labels !== 1) return undefined;
    return { positive: this.classWeighted.positive.value, negative: this.classWeighted.negative.value };
  }

  /** Each label's weighted mean element loss Σ w·ℓ / Σ w: the metrics' skill compares it with the base-rate loss. */
  labelMeanLosses(): number[] {
    const weightSum = this.weights.value;
    if (this.labels === 1) return [this.weighted.value / weightSum];
    return this.perLabelWeighted.map((s) => s.value / weightSum);
  }

  /** Per-sample values a sample has: torch's "none" keeps each element (one per label), the others one loss. */
  get perSampleWidth(): number {
    return this.sumsElements ? this.labels : 1;
  }

  /**
   * The per-sample losses kept since the last call, whole samples in input order (perSampleWidth
   * values each), and forgets them: a caller that streams them holds one batch at a time, and
   * result() then lists only those not taken. The view is valid until the next push.
   */
  takePerSample(): Float64Array {
    if (!this.perSample) throw new BceError('option', 'reduction "none" needs an accumulator that keeps per-sample losses');
    const taken = this.perSample.subarray(0, this.perSampleLength);
    this.perSampleLength = 0;
    return taken;
  }

  private perSampleValues(): number[] | number[][] {
    if (!this.perSample) throw new BceError('option', 'reduction "none" needs an accumulator that keeps per-sample losses');
    const flat = Array.from(this.perSample.subarray(0, this.perSampleLength));
    const width = this.perSampleWidth;
    if (width === 1) return flat;
    const rows: number[][] = [];
    for (let i = 0; i < flat.length; i += width) rows.push(flat.slice(i, i + width));
    return rows;
  }
}

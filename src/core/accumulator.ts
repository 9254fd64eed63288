import { CompensatedSum } from './compensatedSum';
import { makeElementLoss, sklearnTwoColumns, type ElementLoss } from './elementLoss';
import { BceError, LogitsDetected, type ElementPosition } from './errors';
import { PredictionHistogram } from './histogram';
import { describeOptions, PRESETS, type ResolvedOptions } from './options';
import type { LossResult } from './result';
import { WorstSamples } from './worstSamples';

export interface AccumulatorConfig {
  options: ResolvedOptions;
  /** Labels per sample; 1 for 1-D input. */
  labels: number;
  /** fromLogits was "auto": a prediction outside [0, 1] throws LogitsDetected so the caller restarts as logits. */
  autoLogits?: boolean;
  /** Keep every per-sample loss (needed for reduction "none" and small-input tables). */
  keepPerSample?: boolean;
  worstK?: number;
  histogramBins?: number;
}

const f = Math.fround;

/**
 * Streaming binary cross-entropy: push samples in any number of chunks, in O(1) memory (unless
 * keepPerSample), and merge accumulators of consecutive parts of the input.
 */
export class BceAccumulator {
  readonly options: ResolvedOptions;
  readonly labels: number;
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
  private positives = 0;
  private negatives = 0;
  private soft = 0;
  private minSample = Infinity;
  private maxSample = -Infinity;
  private minPred = Infinity;
  private maxPred = -Infinity;
  private clippedOutside = 0;
  private firstClipped?: ElementPosition;
  private readonly perLabel: CompensatedSum[];
  private readonly histogram: PredictionHistogram;
  private readonly worst: WorstSamples;
  private perSample: Float64Array | undefined;
  private perSampleLength = 0;
  private readonly elementScratch: Float64Array;

  constructor(config: AccumulatorConfig) {
    const o = config.options;
    this.options = o;
    this.labels = config.labels;
    if (!Number.isInteger(this.labels) || this.labels < 1) throw new BceError('shape', `a sample needs at least one label`);
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
    this.histogram = new PredictionHistogram(config.histogramBins ?? 40);
    this.worst = new WorstSamples(config.worstK ?? 50);
    if (config.keepPerSample) this.perSample = new Float64Array(1024);
    this.elementScratch = new Float64Array(this.labels);
  }

  get count(): number {
    return this.samples;
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
      if (L > 1) this.perLabel[j].add(l);
    }
    const sampleLoss = L === 1 ? rowSum : f32 ? f(rowSum / L) : rowSum / L;
    this.finishSample(y, p, weight, sampleLoss, rowSum, source);
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
    const l = sklearnTwoColumns(y, q0, q1, this.options.dtype);
    this.countElement(y, q1, l);
    this.finishSample([y], [q0, q1], weight, l, l, source);
  }

  private checkWeight(w: number, i: number): void {
    if (!Number.isFinite(w) || w < 0) {
      throw new BceError('weight', `expected a finite sample weight ≥ 0, got ${w}`, { array: 'sample_weight', index: i });
    }
  }

  private checkElement(y: number, p: number, i: number, j: number | undefined): void {
    if (!Number.isFinite(y)) throw new BceError('not-finite', `expected a finite label, got ${y}`, { array: 'y_true', index: i, label: j });
    if (!Number.isFinite(p)) throw new BceError('not-finite', `expected a finite prediction, got ${p}`, { array: 'y_pred', index: i, label: j });
    if (y < 0 || y > 1) throw new BceError('label-range', `expected a label in [0, 1], got ${y}`, { array: 'y_true', index: i, label: j });
    if (this.options.semantics === 'sklearn' && y !== 0 && y !== 1) {
      throw new BceError('label-range', `scikit-learn's log_loss treats labels as classes: expected 0 or 1, got ${y}`, { array: 'y_true', index: i, label: j });
    }
    if (this.probabilityMode && (p < 0 || p > 1)) {
      const at = { array: 'y_pred' as const, index: i, label: j };
      if (this.autoLogits) throw new LogitsDetected(at);
      if (this.options.semantics === 'torch') {
        throw new BceError('prediction-range', `PyTorch BCELoss needs probabilities in [0, 1], got ${p}; use logits (BCEWithLogitsLoss) instead`, at);
      }
      this.noteClipped(at);
    }
  }

  private noteClipped(at: ElementPosition): void {
    if (this.clippedOutside++ === 0) this.firstClipped = at;
  }

  private countElement(y: number, p: number, l: number): void {
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
    const reduced = this.options.semantics === 'torch' ? rowSum : sampleLoss;
    this.weighted.add(f32 ? f(w * reduced) : w * reduced);
    this.unweighted.add(sampleLoss);
    this.weights.add(w);
    if (sampleLoss < this.minSample) this.minSample = sampleLoss;
    if (sampleLoss > this.maxSample) this.maxSample = sampleLoss;
    if (this.worst.wouldKeep(sampleLoss)) {
      this.worst.push({ index: i, loss: sampleLoss, yTrue: typeof y === 'number' ? [y] : Array.from(y), yPred: typeof p === 'number' ? [p] : Array.from(p), weight: w, ...(source === undefined ? {} : { source }) });
    }
    if (this.perSample) {
      if (this.options.semantics === 'torch') {
        for (let j = 0; j < this.labels; j++) this.appendPerSample(f32 ? f(w * this.elementScratch[j]) : w * this.elementScratch[j]);
      } else this.appendPerSample(f32 ? f(w * sampleLoss) : w * sampleLoss);
    }
  }

  private appendPerSample(v: number): void {
    let buf = this.perSample as Float64Array;
    if (this.perSampleLength === buf.length) {
      const grown = new Float64Array(buf.length * 2);
      grown.set(buf);
      this.perSample = buf = grown;
    }
    buf[this.perSampleLength++] = v;
  }

  /**
   * Adds an accumulator of the input part that follows this one (both with the same options and
   * label count). sourceOffset shifts the other part's sample sources, e.g. by the lines before it.
   */
  merge(other: BceAccumulator, sourceOffset = 0): void {
    if (other.labels !== this.labels) throw new BceError('shape', `cannot merge parts with ${this.labels} and ${other.labels} labels`);
    const offset = this.samples;
    this.samples += other.samples;
    this.weighted.merge(other.weighted);
    this.unweighted.merge(other.unweighted);
    this.weights.merge(other.weights);
    this.classLoss.positive.merge(other.classLoss.positive);
    this.classLoss.negative.merge(other.classLoss.negative);
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
    this.perLabel.forEach((s, j) => s.merge(other.perLabel[j]));
    this.histogram.merge(other.histogram);
    this.worst.merge(other.worst, offset, sourceOffset);
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
        if (o.semantics === 'torch') loss = round(weighted / (n * this.labels));
        else if (o.semantics === 'sklearn') {
          if (weightSum === 0) throw new BceError('weight', "sample weights sum to zero, so scikit-learn's weighted mean is undefined");
          loss = round(weighted / weightSum);
        } else loss = round(divideNoNan(weighted, n));
        break;
    }
    const warnings = [...(extra.warnings ?? [])];
    if (this.clippedOutside > 0 && this.firstClipped) {
      const at = this.firstClipped;
      warnings.push(
        `${this.clippedOutside} prediction(s) outside [0, 1] were clipped as ${PRESETS[o.semantics].title} does (first at y_pred[${at.index}]${at.label === undefined ? '' : `[${at.label}]`})`,
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

  private perSampleValues(): number[] | number[][] {
    if (!this.perSample) throw new BceError('option', 'reduction "none" needs an accumulator that keeps per-sample losses');
    const flat = Array.from(this.perSample.subarray(0, this.perSampleLength));
    if (this.options.semantics !== 'torch' || this.labels === 1) return flat;
    const rows: number[][] = [];
    for (let i = 0; i < flat.length; i += this.labels) rows.push(flat.slice(i, i + this.labels));
    return rows;
  }
}

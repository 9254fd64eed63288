/** Counts of predicted probabilities in equal bins over [0, 1], split by class (label ≥ 0.5 is positive). */
export class PredictionHistogram {
  readonly positive: Float64Array;
  readonly negative: Float64Array;

  constructor(readonly bins: number) {
    this.positive = new Float64Array(bins);
    this.negative = new Float64Array(bins);
  }

  add(probability: number, isPositive: boolean): void {
    let b = Math.floor(probability * this.bins);
    if (b < 0) b = 0;
    else if (b >= this.bins) b = this.bins - 1;
    (isPositive ? this.positive : this.negative)[b]++;
  }

  merge(other: PredictionHistogram): void {
    for (let i = 0; i < this.bins; i++) {
      this.positive[i] += other.positive[i];
      this.negative[i] += other.negative[i];
    }
  }

  /** Bin edges, bins + 1 of them. */
  edges(): number[] {
    return Array.from({ length: this.bins + 1 }, (_, i) => i / this.bins);
  }
}

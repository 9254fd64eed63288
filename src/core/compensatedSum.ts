/** A compensated sum as plain data (accumulator and sketch states, posted between threads). */
export interface CompensatedSumState {
  sum: number;
  compensation: number;
}

/**
 * Neumaier's compensated summation: the error of a sum of n terms stays O(ε) instead of O(nε),
 * and two partial sums merge without losing the compensation.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  merge(other: CompensatedSum): void {
    this.add(other.sum);
    this.add(other.compensation);
  }

  get value(): number {
    return this.sum + this.compensation;
  }

  toJSON(): CompensatedSumState {
    return { sum: this.sum, compensation: this.compensation };
  }

  static fromJSON(state: CompensatedSumState): CompensatedSum {
    const s = new CompensatedSum();
    s.sum = state.sum;
    s.compensation = state.compensation;
    return s;
  }
}

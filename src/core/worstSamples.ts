export interface WorstSample {
  /** Sample index in the input, 0-based. */
  index: number;
  /** Unweighted per-sample loss (mean over labels). */
  loss: number;
  yTrue: number[];
  yPred: number[];
  weight: number;
  /** Where the sample came from, as the reader numbers it (e.g. the 1-based line of a CSV row). */
  source?: number;
  /**
   * The sample's row in the input as the reader numbers it, 0-based, counting the rows it skipped
   * (index counts only the samples read).
   */
  row?: number;
  /** The group of rows holding it (a Parquet row group, an Arrow record batch) and its row in that group, 0-based. */
  group?: { index: number; row: number };
}

/** Where a sample lies in its input, as {@link WorstSamples.place} sets it. */
export type SamplePlace = Pick<WorstSample, 'row' | 'group'>;

/** The k samples with the largest loss, kept in a min-heap so each push is O(log k). */
export class WorstSamples {
  private heap: WorstSample[] = [];

  constructor(readonly k: number) {}

  /** True when a sample with this loss would enter; lets callers skip copying rows that will not. */
  wouldKeep(loss: number): boolean {
    if (this.k === 0) return false;
    return this.heap.length < this.k || loss > this.heap[0].loss;
  }

  push(sample: WorstSample): void {
    if (this.k === 0) return;
    if (this.heap.length < this.k) {
      this.heap.push(sample);
      this.siftUp(this.heap.length - 1);
    } else if (sample.loss > this.heap[0].loss) {
      this.heap[0] = sample;
      this.siftDown(0);
    }
  }

  /** Adds another heap's samples, shifting their indices (sources, rows) by the offsets: they came later in the input. */
  merge(other: WorstSamples, indexOffset: number, sourceOffset = 0, rowOffset = 0): void {
    for (const s of other.heap) {
      this.push({ ...s, index: s.index + indexOffset, ...(s.source === undefined ? {} : { source: s.source + sourceOffset }), ...(s.row === undefined ? {} : { row: s.row + rowOffset }) });
    }
  }

  /** Sets the place of the kept samples whose index is `from` or later (those a reader has just pushed). */
  place(from: number, placeOf: (index: number) => SamplePlace): void {
    for (const s of this.heap) if (s.index >= from) Object.assign(s, placeOf(s.index));
  }

  /** Largest loss first; ties by position. */
  sorted(): WorstSample[] {
    return [...this.heap].sort((a, b) => b.loss - a.loss || a.index - b.index);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].loss <= h[i].loss) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l].loss < h[m].loss) m = l;
      if (r < h.length && h[r].loss < h[m].loss) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}

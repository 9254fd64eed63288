/**
 * The indices of scores by descending score, ties in index order: the order in which
 * scikit-learn's _binary_clf_curve walks the thresholds (a stable mergesort on −score). The
 * metrics sort up to 10^6 predictions; a sort with a comparator costs about a microsecond an
 * element, a radix sort on the scores' bits a few passes over them.
 */

/** Each pass sorts by 16 bits of the 64 of a double. */
const DIGITS = 1 << 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function descendingOrder(scores: ArrayLike<number>): ArrayLike<number> {
  const n = scores.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    // Non-negative doubles order as their bit patterns do (−0 counted as 0, as the comparator's
    // difference does); anything else (negative, NaN) takes the comparator.
    if (!(s >= 0) || !LITTLE_ENDIAN) return comparatorOrder(scores);
    keys[i] = s + 0;
  }
  // The keys' two halves travel with the indices, so each pass reads them in order.
  const words = new Uint32Array(keys.buffer);
  let low = new Uint32Array(n);
  let high = new Uint32Array(n);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    low[i] = words[2 * i];
    high[i] = words[2 * i + 1];
    order[i] = i;
  }
  let nextLow = new Uint32Array(n);
  let nextHigh = new Uint32Array(n);
  let nextOrder = new Uint32Array(n);
  const starts = new Uint32Array(DIGITS + 1);
  // Least significant 16 bits first; each pass is stable, so ties keep the index order. The digit
  // is complemented so that larger scores come first.
  for (let pass = 0; pass < 4; pass++) {
    const shift = (pass & 1) * 16;
    const source = pass < 2 ? low : high;
    starts.fill(0);
    for (let k = 0; k < n; k++) starts[DIGITS - ((source[k] >>> shift) & 0xffff)]++;
    // One digit only: nothing moves (scores in [0, 1] share their top bits).
    if (starts[DIGITS - ((source[0] >>> shift) & 0xffff)] === n) continue;
    let sum = 0;
    for (let d = 0; d <= DIGITS; d++) {
      const c = starts[d];
      starts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const at = starts[DIGITS - ((source[k] >>> shift) & 0xffff)]++;
      nextLow[at] = low[k];
      nextHigh[at] = high[k];
      nextOrder[at] = order[k];
    }
    [low, nextLow] = [nextLow, low];
    [high, nextHigh] = [nextHigh, high];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}

/** The same order by a comparison sort, for scores the radix sort does not take. */
export function comparatorOrder(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

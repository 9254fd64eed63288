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
  const words = new Uint32Array(keys.buffer);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const starts = new Uint32Array(DIGITS + 1);
  // Least significant 16 bits first; each pass is stable, so ties keep the index order. The digit
  // is complemented so that larger scores come first.
  for (let pass = 0; pass < 4; pass++) {
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    starts.fill(0);
    for (let i = 0; i < n; i++) starts[DIGITS - ((words[2 * i + word] >>> shift) & 0xffff)]++;
    if (starts[DIGITS - ((words[word] >>> shift) & 0xffff)] === n) continue; // one digit only: nothing moves
    let sum = 0;
    for (let d = 0; d <= DIGITS; d++) {
      const c = starts[d];
      starts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[starts[DIGITS - ((words[2 * i + word] >>> shift) & 0xffff)]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** The same order by a comparison sort, for scores the radix sort does not take. */
export function comparatorOrder(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

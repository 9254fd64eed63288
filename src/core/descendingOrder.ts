/**
 * The indices of probabilities sorted by descending value, ties in index order: the order
 * scikit-learn's _binary_clf_curve takes (a stable sort on −score). A comparator sort of 10^6
 * indices took seconds in the extension host (issue 15); this is a least-significant-digit radix
 * sort on the values' bits, stable by construction, in four passes of 16 bits.
 */

/** Below this many values the comparator sort is as fast and allocates nothing more. */
const RADIX_MIN = 2048;
const DIGIT = 16;
const BUCKETS = 1 << DIGIT;

/** True when every value is a number in [0, 1] (no NaN): their bits then order as the values do. */
export function isProbabilities(p: ArrayLike<number>): boolean {
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (!(v >= 0 && v <= 1)) return false;
  }
  return true;
}

/** The comparator sort, for short inputs and values outside [0, 1]: −0 and 0 tie, as there. */
function comparatorOrder(p: ArrayLike<number>): Uint32Array {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
  return Uint32Array.from(order);
}

export function descendingOrder(p: ArrayLike<number>): Uint32Array {
  const n = p.length;
  if (n < RADIX_MIN || !isProbabilities(p)) return comparatorOrder(p);
  // The complement of each value's bits (high and low word): ascending complements are descending values.
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  // The platform's word order: little-endian machines keep the high word second.
  const high = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    bits[0] = p[i] + 0; // −0 + 0 is +0: −0 and 0 tie
    hi[i] = ~words[high] >>> 0;
    lo[i] = ~words[1 - high] >>> 0;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS);
  for (const [key, shift] of [[lo, 0], [lo, DIGIT], [hi, 0], [hi, DIGIT]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(key[i] >>> shift) & (BUCKETS - 1)]++;
    // Every value in one bucket: this digit orders nothing.
    if (counts[(key[0] >>> shift) & (BUCKETS - 1)] === n) continue;
    let at = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[b];
      counts[b] = at;
      at += c;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[counts[(key[i] >>> shift) & (BUCKETS - 1)]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

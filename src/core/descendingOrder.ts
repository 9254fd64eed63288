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
  // The keys are the complements of each value's two 32-bit words (ascending complements are
  // descending values), read in place from a Float64Array (a selection's, a file's column) unless
  // it holds −0, whose sign bit would order it apart from 0; else from a copy of p + 0.
  let words: Uint32Array | undefined = p instanceof Float64Array ? new Uint32Array(p.buffer, p.byteOffset, 2 * n) : undefined;
  // The platform's word order: little-endian machines keep the high word second.
  const high = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  if (words) {
    for (let i = 0; i < n; i++) {
      if (words[2 * i + high] === 0x80000000) {
        words = undefined;
        break;
      }
    }
  }
  if (!words) {
    const copy = new Float64Array(n);
    for (let i = 0; i < n; i++) copy[i] = p[i] + 0; // −0 + 0 is +0: −0 and 0 tie
    words = new Uint32Array(copy.buffer);
  }
  let order: Uint32Array | undefined;
  let next: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS);
  for (const [word, shift] of [[1 - high, 0], [1 - high, DIGIT], [high, 0], [high, DIGIT]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(~words[2 * i + word] >>> shift) & (BUCKETS - 1)]++;
    // Every value in one bucket: this digit orders nothing.
    if (counts[(~words[word] >>> shift) & (BUCKETS - 1)] === n) continue;
    let at = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[b];
      counts[b] = at;
      at += c;
    }
    if (order === undefined) {
      // The first digit that orders: the indices in their own order, without an array of them.
      for (let i = 0; i < n; i++) next[counts[(~words[2 * i + word] >>> shift) & (BUCKETS - 1)]++] = i;
      order = next;
      next = new Uint32Array(n);
      continue;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[counts[(~words[2 * i + word] >>> shift) & (BUCKETS - 1)]++] = i;
    }
    [order, next] = [next, order];
  }
  if (order === undefined) {
    // Every value equal: the indices in order.
    order = next;
    for (let i = 0; i < n; i++) order[i] = i;
  }
  return order;
}

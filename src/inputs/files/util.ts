import type { ColumnPlan } from './columns';
import type { FileLossResult } from './types';

/** An Error named AbortError, as fetch and the DOM raise on cancellation. */
export function abortError(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

/** The parts one after another in one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** The index of the last element at or before x in ascending `sorted` (0 when x precedes them all). */
export function lastAtOrBefore(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

export function columnNames(c: ColumnPlan): FileLossResult['columns'] {
  return {
    yTrue: c.yTrue.map((i) => c.names[i]),
    yPred: c.yPred.map((i) => c.names[i]),
    ...(c.weight >= 0 ? { weight: c.names[c.weight] } : {}),
    ...(c.epoch >= 0 ? { epoch: c.names[c.epoch] } : {}),
    ...(c.split >= 0 ? { split: c.names[c.split] } : {}),
  };
}

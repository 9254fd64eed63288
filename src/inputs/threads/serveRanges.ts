/**
 * A worker thread's loop over a split file: claims ranges from the shared counter, reads each and
 * posts its state, then posts the metrics it kept over all of them (one structure per thread).
 */
import { closeSync, openSync } from 'node:fs';
import { stateBuffers } from '../../core';
import type { MetricsHolder } from '../files/lanes';
import type { ReadAt, SegmentResult } from '../files/ranges';
import { CHUNK_BYTES, readAtOf } from './fileReads';
import type { RangeJob, RangeReader } from './split';

/** How a worker thread posts to the calling thread (its parentPort's postMessage). */
export type PostToCaller = (message: unknown, transfer?: ArrayBuffer[]) => void;

export function serveRanges<S>(job: RangeJob<S>, post: PostToCaller, read: RangeReader<S>): void {
  const next = new Int32Array(job.counter);
  const fd = openSync(job.path, 'r');
  const buf = new Uint8Array(CHUNK_BYTES);
  const readAt: ReadAt = readAtOf(fd);
  const holder: MetricsHolder = {};
  try {
    for (;;) {
      const k = Atomics.add(next, 0, 1);
      if (k >= job.segments.length) break;
      // The range names its part: the metrics add the parts' float sums in file order.
      holder.part = k;
      const result: SegmentResult = read(job, k, readAt, buf, holder);
      post({ k, result });
    }
  } finally {
    closeSync(fd);
  }
  postKept(holder, post);
}

/** The thread's last message: the metrics it kept, their arrays handed over rather than copied (the thread ends here). */
export function postKept(holder: MetricsHolder, post: PostToCaller): void {
  const kept = holder.metrics?.toState();
  post({ done: true, kept }, kept ? stateBuffers(kept) : []);
}

/**
 * A worker thread of the CLI: reads the ranges (CSV, JSON Lines) or row groups (Parquet) it claims
 * from a shared counter and posts each one's state.
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { stateBuffers, useWasmKernels, type StreamMetricsState } from '../core';
import { claimGroups, type ParquetJob } from './parquetSplit';
import { CHUNK_BYTES, readAtOf } from './source';
import type { WorkerJob } from './split';
import type { MetricsHolder } from '../inputs/files/lanes';
import { readSpilledRange } from './rangeSpill';

useWasmKernels(process.env.BCE_LENS_WASM !== '0');
const job = workerData as WorkerJob | ParquetJob;
if ('parquet' in job) {
  // A failure rejects unhandled, which ends the thread with an 'error' event the main thread reports.
  const holder: MetricsHolder = {};
  void claimGroups(job, (k, result) => parentPort?.postMessage({ k, result }), holder).then(() => postKept(holder.metrics?.toState()));
} else {
  const next = new Int32Array(job.counter);
  const fd = openSync(job.path, 'r');
  const buf = new Uint8Array(CHUNK_BYTES);
  const readAt = readAtOf(fd);
  const holder: MetricsHolder = {};
  try {
    for (;;) {
      const k = Atomics.add(next, 0, 1);
      if (k >= job.segments.length) break;
      parentPort?.postMessage({ k, result: readSpilledRange(job, k, readAt, buf, holder) });
    }
  } finally {
    closeSync(fd);
  }
  postKept(holder.metrics?.toState());
}

/** The thread's metrics, their arrays handed over rather than copied (the thread ends here). */
function postKept(kept: StreamMetricsState | undefined): void {
  parentPort?.postMessage({ done: true, kept }, kept ? stateBuffers(kept) : []);
}

/**
 * A worker thread of the CLI: reads the ranges (CSV, JSON Lines) or row groups (Parquet) it claims
 * from a shared counter and posts each one's state.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stateBuffers, useWasmKernels, type StreamMetricsState } from '../core';
import { serveRanges } from '../inputs/threads/serveRanges';
import { claimGroups, type ParquetJob } from './parquetSplit';
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
  serveRanges(job, (m, transfer) => parentPort?.postMessage(m, transfer), readSpilledRange);
}

/** The thread's metrics, their arrays handed over rather than copied (the thread ends here). */
function postKept(kept: StreamMetricsState | undefined): void {
  parentPort?.postMessage({ done: true, kept }, kept ? stateBuffers(kept) : []);
}

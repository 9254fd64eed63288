/**
 * A worker thread of the CLI: reads the ranges (CSV, JSON Lines) or row groups (Parquet) it claims
 * from a shared counter and posts each one's state.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useWasmKernels } from '../core';
import { postKept, serveRanges, type PostToCaller } from '../inputs/threads/serveRanges';
import { claimGroups, type ParquetJob } from './parquetSplit';
import type { WorkerJob } from './split';
import type { MetricsHolder } from '../inputs/files/lanes';
import { readSpilledRange } from './rangeSpill';

useWasmKernels(process.env.BCE_LENS_WASM !== '0');
const job = workerData as WorkerJob | ParquetJob;
const post: PostToCaller = (message, transfer) => parentPort?.postMessage(message, transfer);
if ('parquet' in job) {
  // A failure rejects unhandled, which ends the thread with an 'error' event the main thread reports.
  const holder: MetricsHolder = {};
  void claimGroups(job, (k, result) => post({ k, result }), holder).then(() => postKept(holder, post));
} else {
  serveRanges(job, post, readSpilledRange);
}

/**
 * Node-only: a large local CSV/TSV/JSON Lines file read by worker threads (dist/range-worker.js),
 * one per core, the extension host's thread only merging their states: it stays free for the
 * editor, and the lanes of the panel's every framework run on all the cores.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { computeSplit } from '../../inputs/threads/split';
import type { LocalSplitter } from '../fileSplit';

/** Threads at most: past that, each thread's start and merge cost more than its share saves. */
const MAX_THREADS = 8;

/**
 * Files this big and more go to the workers. Each pass starts its workers, tens of milliseconds
 * each, and two threads on two cores slow each other down: on the 21 MB, 10^6-row bench file the
 * panel took 2.3× as long split as on one thread (busy machine, bench/host.js), on the 213 MB one
 * 0.6×. Lower than the CLI's SPLIT_BYTES: the panel's pass computes every framework's lane a row.
 */
export const HOST_SPLIT_BYTES = 32 * 1024 * 1024;

export const splitLocalFile: LocalSplitter = (path, size, format, options) => {
  if (size < HOST_SPLIT_BYTES) return Promise.resolve(undefined);
  return computeSplit(path, size, format, {
    variants: options.variants,
    ...(options.columns ? { columns: options.columns } : {}),
    ...(options.onInvalid ? { onInvalid: options.onInvalid } : {}),
    ...(options.metrics ? { metrics: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    threads: Math.min(MAX_THREADS, Math.max(1, availableParallelism())),
    // esbuild bundles this module into dist/lens.js, beside dist/range-worker.js.
    workerScript: join(__dirname, 'range-worker.js'),
    mainReads: false,
  });
};

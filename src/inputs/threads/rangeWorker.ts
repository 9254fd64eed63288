/**
 * The extension's worker thread (bundled as dist/range-worker.js): reads the byte ranges of a large
 * CSV/TSV/JSON Lines file it claims (split.ts), so the extension host's thread stays free.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useWasmKernels } from '../../core';
import { readRange } from '../files/ranges';
import { serveRanges } from './serveRanges';
import type { RangeJob } from './split';

useWasmKernels(process.env.BCE_LENS_WASM !== '0');
serveRanges(workerData as RangeJob, (m, transfer) => parentPort?.postMessage(m, transfer), (job, k, readAt, buf, holder) => readRange(readAt, buf, job.segments[k], job.setup, holder));

/**
 * Large CSV/TSV/JSON Lines files, read by several threads: inputs/files/ranges.ts cuts the file
 * into ranges at line breaks; the main thread and the workers claim ranges from a shared counter
 * (so a worker that starts late takes fewer), and the ranges' passes are merged in file order.
 */
import { startWorkers } from './workerThreads';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamMetricsState } from '../core';
import { runLanes, type MetricsHolder } from '../inputs/files/lanes';
import type { LineFormat, PassSetup } from '../inputs/files/pass';
import { mergeRanges, planRanges, type ReadAt, type Segment, type SegmentResult } from '../inputs/files/ranges';
import type { FileComputeOptions, FileLossResult } from '../inputs/files/types';
import { rangeFile, readSpilledRange, type RangeSpill } from './rangeSpill';
import type { LossLayout } from './lossText';
import { CHUNK_BYTES, readAtOf } from './source';

/** The young generation of a worker formatting per-sample losses, in MB. */
const SPILL_YOUNG_MB = 4;

/**
 * Files this big and more are split when --workers is auto. A worker's start (its Node isolate, the
 * bundle, the kernels) costs about what one thread spends on 10^7 rows besides reading them, so
 * on 2 cores the split lost at 213 MB (0.449 s against 0.373 s on one thread, quiet machine) and
 * won from about 600 MB; the SIMD scanner made each row cheaper, moving that point up, not down.
 */
export const SPLIT_BYTES = 512 * 1024 * 1024;

export interface WorkerJob {
  path: string;
  setup: PassSetup;
  segments: Segment[];
  counter: SharedArrayBuffer;
  /** Where each range's per-sample losses go (reduction "none"). */
  spill?: RangeSpill;
}

/** --reduction none: where the ranges' values go, and (filled in) each pass's files in range order. */
export interface SplitSpill {
  folder: string;
  layout: LossLayout;
  passes: { asLogits: boolean; files: string[] }[];
}

export interface SplitOptions extends Pick<FileComputeOptions, 'variants' | 'columns' | 'onInvalid' | 'metrics'> {
  /** Threads in all, the main thread included. */
  threads: number;
  /** The worker bundle (default: cli-worker.js next to this bundle). */
  workerScript?: string;
  /** Run every range on the main thread (tests). */
  inline?: boolean;
  /** Bytes per range (tests). */
  segmentBytes?: number;
  /** Rows per block of Parquet row groups (tests; BLOCK_ROWS otherwise). */
  blockRows?: number;
  spill?: SplitSpill;
}

export function defaultWorkerScript(): string | undefined {
  const p = join(__dirname, 'cli-worker.js');
  return existsSync(p) ? p : undefined;
}

/**
 * The loss of a file read by several threads; undefined when the file cannot be split safely
 * (no header in the first bytes, quoted fields with line breaks): the caller reads it whole.
 */
export async function computeSplit(path: string, size: number, format: LineFormat, options: SplitOptions): Promise<FileLossResult | undefined> {
  const fd = openSync(path, 'r');
  try {
    const readAt = readAtOf(fd);
    const plan = planRanges(path, size, format, options, readAt);
    if (!plan) return undefined;
    return await runLanes(
      path,
      format,
      options.variants,
      async (asLogits, variants) => {
        const setup: PassSetup = { ...plan.setup, variants: [...variants], asLogits };
        const first = asLogits[0];
        let spill: RangeSpill | undefined;
        if (options.spill && first !== null && first !== undefined) {
          spill = { folder: options.spill.folder, layout: options.spill.layout, pass: options.spill.passes.length };
          options.spill.passes.push({ asLogits: first, files: plan.segments.map((_, k) => rangeFile(spill as RangeSpill, k)) });
        }
        const outcome = mergeRanges(plan, setup, await runSegments(path, readAt, plan.segments, setup, options, spill), size);
        if (!outcome) throw new Unsplittable();
        return outcome;
      },
      options.metrics === true,
    ).catch((e) => {
      if (e instanceof Unsplittable) return undefined;
      throw e;
    });
  } finally {
    closeSync(fd);
  }
}

class Unsplittable extends Error {}

/** Reads every range: the main thread claims ranges too, while the workers start; each thread's metrics come back once. */
async function runSegments(path: string, readAt: ReadAt, segments: Segment[], setup: PassSetup, options: SplitOptions, spill: RangeSpill | undefined): Promise<{ results: SegmentResult[]; metrics: StreamMetricsState[] }> {
  const results: SegmentResult[] = new Array(segments.length);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const script = options.inline ? undefined : (options.workerScript ?? defaultWorkerScript());
  const job: WorkerJob = { path, setup, segments, counter, ...(spill ? { spill } : {}) };
  const kept: StreamMetricsState[] = [];
  // Per-sample losses (spill) make a string of every value: the young generation of a thread that
  // formats them grows to tens of MB. The workers' is capped (measured: 199 → 157 MB on 10^7 rows),
  // and the main thread, whose cannot be, leaves the ranges to them: one more worker instead.
  const spilling = spill !== undefined && script !== undefined && options.threads > 1;
  const workers = script && options.threads > 1 ? startWorkers(script, job, options.threads + (spilling ? 1 : 0), results, kept, spilling ? { maxYoungGenerationSizeMb: SPILL_YOUNG_MB } : undefined) : [];
  const buf = new Uint8Array(CHUNK_BYTES);
  const holder: MetricsHolder = {};
  for (; !spilling; ) {
    const k = Atomics.add(next, 0, 1);
    if (k >= segments.length) break;
    results[k] = readSpilledRange(job, k, readAt, buf, holder);
  }
  await Promise.all(workers);
  for (let k = 0; k < segments.length; k++) if (!results[k]) throw new Error(`internal: range ${k} was not read`);
  return { results, metrics: holder.metrics ? [holder.metrics.toState(), ...kept] : kept };
}

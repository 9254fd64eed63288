/**
 * Large CSV/TSV/JSON Lines files in the CLI: read by several threads through the shared engine
 * (inputs/threads/split.ts), the main thread reading ranges too, and with --reduction none each
 * range's per-sample losses written to a file of its own (rangeSpill.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LineFormat } from '../inputs/files/pass';
import type { FileLossResult } from '../inputs/files/types';
import { computeSplit as splitOnThreads, type RangeJob, type SplitOptions as ThreadOptions } from '../inputs/threads/split';
import { rangeFile, readSpilledRange, type RangeSpill } from './rangeSpill';
import type { LossLayout } from './lossText';

/** The young generation of a worker formatting per-sample losses, in MB. */
const SPILL_YOUNG_MB = 4;

/**
 * Files this big and more are split when --workers is auto. A worker's start (its Node isolate, the
 * bundle, the kernels) costs about what one thread spends on 10^7 rows besides reading them, so
 * on 2 cores the split lost at 213 MB (0.449 s against 0.373 s on one thread, quiet machine) and
 * won from about 600 MB; the SIMD scanner made each row cheaper, moving that point up, not down.
 * (The extension splits from a lower size: its pass computes many lanes a row, see HOST_SPLIT_BYTES.)
 */
export const SPLIT_BYTES = 512 * 1024 * 1024;

/** What a CLI worker thread is given to read byte ranges. */
export type WorkerJob = RangeJob<RangeSpill>;

/** --reduction none: where the ranges' values go, and (filled in) each pass's files in range order. */
export interface SplitSpill {
  folder: string;
  layout: LossLayout;
  passes: { asLogits: boolean; files: string[] }[];
}

export interface SplitOptions extends Omit<ThreadOptions, 'spill' | 'mainReads' | 'workerScript'> {
  /** The worker bundle (default: cli-worker.js next to this bundle). */
  workerScript?: string;
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
export function computeSplit(path: string, size: number, format: LineFormat, options: SplitOptions): Promise<FileLossResult | undefined> {
  const { spill, workerScript, ...rest } = options;
  const script = workerScript ?? defaultWorkerScript();
  return splitOnThreads<RangeSpill>(path, size, format, {
    ...rest,
    ...(script ? { workerScript: script } : {}),
    ...(spill
      ? {
          spill: {
            open: (asLogits, segments) => {
              const s: RangeSpill = { folder: spill.folder, layout: spill.layout, pass: spill.passes.length };
              spill.passes.push({ asLogits, files: segments.map((_, k) => rangeFile(s, k)) });
              return s;
            },
            read: readSpilledRange,
            youngMb: SPILL_YOUNG_MB,
          },
        }
      : {}),
  });
}

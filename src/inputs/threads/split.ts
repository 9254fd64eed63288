/**
 * Large CSV/TSV/JSON Lines files, read by several threads (the CLI and the desktop extension):
 * files/ranges.ts cuts the file into ranges at line breaks; the worker threads (and, in the CLI,
 * the main thread) claim ranges from a shared counter, so a worker that starts late takes fewer,
 * and the ranges' passes are merged in file order: the same bits whatever the cut.
 */
import { closeSync, openSync } from 'node:fs';
import type { StreamMetricsState } from '../../core';
import { runLanes, type MetricsHolder } from '../files/lanes';
import type { LineFormat, PassSetup } from '../files/pass';
import { mergeRanges, planRanges, readRange, type ReadAt, type Segment, type SegmentResult } from '../files/ranges';
import type { FileComputeOptions, FileLossResult } from '../files/types';
import { checkAbort } from '../files/util';
import { CHUNK_BYTES, readAtOf } from './fileReads';
import { startWorkers } from './workerThreads';

/** What a worker thread is given: the file, the pass's setup, the ranges and the shared counter. */
export interface RangeJob<S = unknown> {
  path: string;
  setup: PassSetup;
  segments: Segment[];
  counter: SharedArrayBuffer;
  /** Where each range's per-sample losses go (the CLI's --reduction none); plain data. */
  spill?: S;
}

/** Reads range k of a job (the plain readRange, or the CLI's, which writes per-sample losses out). */
export type RangeReader<S> = (job: RangeJob<S>, k: number, readAt: ReadAt, buf: Uint8Array, holder: MetricsHolder) => SegmentResult;

/** The CLI's per-sample losses (reduction "none"): a spill per pass, and how a range writes into it. */
export interface RangeSpilling<S> {
  /** The spill of a pass whose lane 0 reads as logits or not; undefined: lane 0 is not in the pass. */
  open(asLogits: boolean, segments: readonly Segment[]): S;
  read: RangeReader<S>;
  /** The young generation of a worker formatting per-sample losses, in MB. */
  youngMb: number;
}

export interface SplitOptions<S = unknown> extends Pick<FileComputeOptions, 'variants' | 'columns' | 'onInvalid' | 'metrics' | 'signal'> {
  /** Threads in all, the main thread included when it reads ranges too. */
  threads: number;
  /** The worker bundle; without it (or with inline), every range is read on the calling thread. */
  workerScript?: string;
  /** Run every range on the calling thread (tests). */
  inline?: boolean;
  /**
   * The calling thread reads ranges too (the CLI, which has nothing else to do); false: only the
   * workers read (the extension host, whose thread must stay free), `threads` of them.
   */
  mainReads?: boolean;
  /** Bytes per range (tests). */
  segmentBytes?: number;
  /** Bytes of the file read so far, as ranges finish. */
  onProgress?: (bytes: number) => void;
  spill?: RangeSpilling<S>;
}

/**
 * The loss of a file read by several threads; undefined when the file cannot be split safely
 * (no header in the first bytes, quoted fields with line breaks): the caller reads it whole.
 */
export async function computeSplit<S>(path: string, size: number, format: LineFormat, options: SplitOptions<S>): Promise<FileLossResult | undefined> {
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
        const spill = options.spill && first !== null && first !== undefined ? options.spill.open(first, plan.segments) : undefined;
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

/** Reads every range; each thread's metrics come back once. Cancel terminates the workers. */
async function runSegments<S>(path: string, readAt: ReadAt, segments: Segment[], setup: PassSetup, options: SplitOptions<S>, spill: S | undefined): Promise<{ results: SegmentResult[]; metrics: StreamMetricsState[] }> {
  checkAbort(options.signal);
  const results: SegmentResult[] = new Array(segments.length);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const script = options.inline ? undefined : options.workerScript;
  const job: RangeJob<S> = { path, setup, segments, counter, ...(spill !== undefined ? { spill } : {}) };
  const kept: StreamMetricsState[] = [];
  const read: RangeReader<S> = options.spill?.read ?? ((j, k, at, buf, holder) => readRange(at, buf, j.segments[k], j.setup, holder));
  let done = 0;
  const finished = (k: number) => {
    done += segments[k].end - segments[k].start;
    options.onProgress?.(done);
  };
  // Per-sample losses (spill) make a string of every value: the young generation of a thread that
  // formats them grows to tens of MB. The workers' is capped (measured: 199 → 157 MB on 10^7 rows),
  // and the main thread, whose cannot be, leaves the ranges to them: one more worker instead.
  const spilling = spill !== undefined && script !== undefined && options.threads > 1;
  const mainReads = script === undefined || (options.mainReads !== false && !spilling);
  const workerCount = script === undefined ? 0 : mainReads ? options.threads - 1 : options.threads;
  const workers =
    script && workerCount > 0
      ? startWorkers(script, job, workerCount + 1, results, kept, {
          ...(options.signal ? { signal: options.signal } : {}),
          onPart: finished,
          ...(spilling && options.spill ? { limits: { maxYoungGenerationSizeMb: options.spill.youngMb } } : {}),
        })
      : [];
  const buf = new Uint8Array(CHUNK_BYTES);
  const holder: MetricsHolder = {};
  try {
    for (; mainReads; ) {
      checkAbort(options.signal);
      const k = Atomics.add(next, 0, 1);
      if (k >= segments.length) break;
      // The range names its part: the metrics add the parts' float sums in file order.
      holder.part = k;
      results[k] = read(job, k, readAt, buf, holder);
      finished(k);
    }
  } catch (e) {
    // The workers stop with the calling thread's failure (a bad row is a result, not a throw).
    Atomics.store(next, 0, segments.length);
    await Promise.allSettled(workers);
    throw e;
  }
  await Promise.all(workers);
  checkAbort(options.signal);
  for (let k = 0; k < segments.length; k++) if (!results[k]) throw new Error(`internal: range ${k} was not read`);
  return { results, metrics: holder.metrics ? [holder.metrics.toState(), ...kept] : kept };
}

/**
 * --reduction none on a file read by several threads: each byte range's per-sample losses are
 * written, as text, to a file of their own in the run's temporary folder by the thread that reads
 * the range; once the ranges are merged and the result says which pass's values are its own, the
 * main thread copies the files out in range order (lossStream.ts). Memory stays flat, order is kept,
 * and the formatting runs on every thread.
 */
import { join } from 'node:path';
import type { MetricsHolder } from '../inputs/files/lanes';
import { readRange, type ReadAt, type SegmentResult } from '../inputs/files/ranges';
import type { PerSampleStream } from '../inputs/files/types';
import type { WorkerJob } from './split';
import { lossText, type LossLayout } from './lossText';
import { TextFile } from './tempFiles';

/** Where a pass's ranges write their values (plain data: posted to the worker threads). */
export interface RangeSpill {
  folder: string;
  layout: LossLayout;
  /** The pass over the file (a second one reads as logits). */
  pass: number;
}

/** The file of range k's values: missing or empty when the range has none. */
export function rangeFile(spill: RangeSpill, k: number): string {
  return join(spill.folder, `pass${spill.pass}-range${k}.txt`);
}

/** Range k's per-sample stream (for lane 0) and its closing. Its text starts without a comma: the copy puts the separators. */
export function rangeStream(spill: RangeSpill, k: number): { streams: PerSampleStream[]; close(): void } {
  const file = new TextFile(rangeFile(spill, k));
  let empty = true;
  const stream: PerSampleStream = {
    write(values, width) {
      if (values.length === 0) return;
      lossText(values, width, spill.layout, empty, (piece) => file.append(piece));
      empty = false;
    },
    // Writes to a file are synchronous: nothing to wait for.
    ready: () => Promise.resolve(),
  };
  return { streams: [stream], close: () => file.close() };
}

/** Reads range k of the job, its per-sample losses (if any) into the range's file. */
export function readSpilledRange(job: WorkerJob, k: number, readAt: ReadAt, buf: Uint8Array, holder: MetricsHolder): SegmentResult {
  holder.part = k;
  if (!job.spill) return readRange(readAt, buf, job.segments[k], job.setup, holder);
  const out = rangeStream(job.spill, k);
  try {
    return readRange(readAt, buf, job.segments[k], job.setup, holder, out.streams);
  } finally {
    out.close();
  }
}

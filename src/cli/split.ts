/**
 * Large CSV/TSV/JSON Lines files, read by several threads: the main thread reads the header, cuts
 * the rest into ranges at line breaks, and it and the workers claim ranges from a shared counter
 * (so a worker that starts late takes fewer). Each range's accumulators come back as plain data
 * and are merged in file order, their worst samples' lines shifted by the lines before the range.
 */
import { startWorkers } from './workerThreads';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { readCsvHeader } from '../inputs/files/csv';
import { readJsonlShape } from '../inputs/files/jsonl';
import { mergePasses, runLanes, withThreadMetrics, type MetricsHolder, type PassState } from '../inputs/files/lanes';
import type { StreamMetricsState } from '../core';
import { planLanes, type JsonlShape, type LineFormat, type PassSetup } from '../inputs/files/pass';
import type { FileComputeOptions, FileLossResult } from '../inputs/files/types';
import { InputError } from '../inputs/inputError';
import type { CsvLayout } from '../inputs/files/csv';
import type { ColumnPlan } from '../inputs/files/columns';
import { CHUNK_BYTES } from './source';
import { readSegment, type Segment, type SegmentResult } from './segments';

/** Files this big and more are split when --workers is auto. */
export const SPLIT_BYTES = 32 * 1024 * 1024;
/** About this many bytes per range. */
const SEGMENT_BYTES = 12 * 1024 * 1024;

export interface WorkerJob {
  path: string;
  setup: PassSetup;
  segments: Segment[];
  counter: SharedArrayBuffer;
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
}

export function defaultWorkerScript(): string | undefined {
  const p = join(__dirname, 'cli-worker.js');
  return existsSync(p) ? p : undefined;
}

/** The first line break at or after `at`, as the offset after it; −1 if none before `end`. */
function lineStartAfter(fd: number, at: number, end: number, buf: Uint8Array): number {
  let pos = at;
  while (pos < end) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
    if (n <= 0) return -1;
    const i = buf.subarray(0, n).indexOf(10);
    if (i >= 0) return pos + i + 1;
    pos += n;
  }
  return -1;
}

/**
 * The loss of a file read by several threads; undefined when the file cannot be split safely
 * (no header in the first bytes, quoted fields with line breaks): the caller reads it whole.
 */
export async function computeSplit(path: string, size: number, format: LineFormat, options: SplitOptions): Promise<FileLossResult | undefined> {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(Math.min(size, 1 << 20));
    const got = readSync(fd, head, 0, head.length, 0);
    const first = head.subarray(0, got);
    let layout: CsvLayout | undefined;
    let jsonlShape: JsonlShape | undefined;
    let dataStart = 0;
    let firstLine = 1;
    let columns: ColumnPlan;
    if (format === 'jsonl') {
      jsonlShape = readJsonlShape(first, { name: path, ...(options.columns ? { columns: options.columns } : {}) });
      if (!jsonlShape) return undefined;
      columns = jsonlShape.columns;
    } else {
      const header = readCsvHeader(first, { name: path, format, ...(options.columns ? { columns: options.columns } : {}) });
      if (!header) return undefined;
      layout = header.layout;
      dataStart = header.next;
      firstLine = header.line;
      columns = layout.columns;
    }
    const segmentBytes = options.segmentBytes ?? SEGMENT_BYTES;
    const count = Math.max(options.threads * 2, Math.min(256, Math.round((size - dataStart) / segmentBytes)));
    // Guided sizes: full ranges first, then a share of what is left (down to an eighth of a range),
    // so the threads run out of work at about the same time instead of one waiting on the last big range.
    const full = (size - dataStart) / count;
    const cuts = [dataStart];
    // A line break is near: small reads find it.
    const buf = new Uint8Array(4096);
    for (let at = dataStart; ; ) {
      const left = size - at;
      at += Math.max(1, Math.round(Math.max(full / 8, Math.min(full, left / (2 * options.threads)))));
      if (at >= size) break;
      const cut = lineStartAfter(fd, Math.max(at, cuts[cuts.length - 1]), size, buf);
      if (cut < 0 || cut >= size) break;
      if (cut > cuts[cuts.length - 1]) cuts.push(cut);
      at = cut;
    }
    cuts.push(size);
    const segments: Segment[] = cuts.slice(0, -1).map((start, k) => ({ start, end: cuts[k + 1] }));
    const ly = jsonlShape ? jsonlShape.ly : columns.yTrue.length;
    const lp = jsonlShape ? jsonlShape.lp : columns.yPred.length;
    let unsplittable = false;
    const result = await runLanes(path, format, options.variants, async (asLogits) => {
      const setup: PassSetup = {
        name: path,
        format,
        variants: options.variants,
        asLogits,
        ...(options.columns ? { columns: options.columns } : {}),
        onInvalid: options.onInvalid ?? 'error',
        ...(layout ? { layout } : {}),
        ...(jsonlShape ? { jsonlShape } : {}),
        ...(options.metrics ? { metrics: true } : {}),
      };
      const { results, metrics } = await runSegments(path, fd, segments, setup, options);
      // A cut inside a quoted field would show as a bad row in a range with quotes: read it whole instead.
      const quotes = results.some((r) => r.quotes);
      if (results.some((r) => r.quotedNewline || (quotes && (r.error || (r.pass?.invalidRows ?? 0) > 0)))) {
        unsplittable = true;
        throw new Unsplittable();
      }
      let lineOffset = firstLine - 1;
      const parts: { pass: PassState; lineOffset: number }[] = [];
      for (const r of results) {
        if (r.error) throw new InputError({ ...r.error.place, line: r.error.place.line + lineOffset }, r.error.detail);
        parts.push({ pass: r.pass as PassState, lineOffset });
        lineOffset += r.lines;
      }
      const specs = planLanes(setup, { labels: ly, predictions: lp, logitsColumn: columns.logits });
      return { state: withThreadMetrics(mergePasses(parts), metrics), specs, bytes: size, complete: true, columns };
    }).catch((e) => {
      if (e instanceof Unsplittable) return undefined;
      throw e;
    });
    return unsplittable ? undefined : result;
  } finally {
    closeSync(fd);
  }
}

class Unsplittable extends Error {}

/** Reads every range: the main thread claims ranges too, while the workers start. */
async function runSegments(path: string, fd: number, segments: Segment[], setup: PassSetup, options: SplitOptions): Promise<{ results: SegmentResult[]; metrics: StreamMetricsState[] }> {
  const results: SegmentResult[] = new Array(segments.length);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const script = options.inline ? undefined : (options.workerScript ?? defaultWorkerScript());
  const job: WorkerJob = { path, setup, segments, counter };
  const kept: StreamMetricsState[] = [];
  const workers = script && options.threads > 1 ? startWorkers(script, job, options.threads, results, kept) : [];
  const buf = new Uint8Array(CHUNK_BYTES);
  const holder: MetricsHolder = {};
  for (;;) {
    const k = Atomics.add(next, 0, 1);
    if (k >= segments.length) break;
    results[k] = readSegment(fd, buf, segments[k], setup, holder);
  }
  await Promise.all(workers);
  for (let k = 0; k < segments.length; k++) if (!results[k]) throw new Error(`internal: range ${k} was not read`);
  return { results, metrics: holder.metrics ? [holder.metrics.toState(), ...kept] : kept };
}

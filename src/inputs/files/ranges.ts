/**
 * A large CSV/TSV/JSON Lines file cut into byte ranges at line breaks, each range read by the
 * same Pass as the whole file (given the header, read once), and the ranges' passes merged in
 * file order with their lines shifted. The host reads the bytes and may run the ranges on
 * threads: these functions only ask for bytes at a position.
 */
import { InputError, type SourcePlace } from '../inputError';
import type { ColumnPlan } from './columns';
import { readCsvHeader, type CsvLayout } from './csv';
import { readJsonlShape } from './jsonl';
import type { StreamMetricsState } from '../../core';
import { mergePasses, withThreadMetrics, type MetricsHolder, type PassOutcome, type PassState } from './lanes';
import { createPass, planLanes, type JsonlShape, type LineFormat, type PassSetup } from './pass';
import type { FileComputeOptions, PerSampleStream } from './types';

/** Reads up to `length` bytes at `position` of the file into `into`; returns how many (0 at its end). */
export type ReadAt = (into: Uint8Array, length: number, position: number) => number;

export interface Segment {
  start: number;
  end: number;
}

export interface SegmentResult {
  pass?: PassState;
  /** Lines in the range. */
  lines: number;
  /** A quoted field held a line break: ranges cut at line breaks may be wrong. */
  quotedNewline: boolean;
  /** A row of the range had a double quote (a cut inside a quoted field shows as a bad row). */
  quotes: boolean;
  /** The range's first bad row (lines numbered from 1 in the range). */
  error?: { place: SourcePlace; detail: string };
}

/** How a file is cut: the ranges, and what every range's pass needs besides the variants. */
export interface RangePlan {
  setup: Omit<PassSetup, 'variants' | 'asLogits'>;
  segments: Segment[];
  /** The line of the first range's first byte. */
  firstLine: number;
  columns: ColumnPlan;
  labels: number;
  predictions: number;
}

/** About this many bytes per range. */
const SEGMENT_BYTES = 12 * 1024 * 1024;

/**
 * Cuts the file into ranges for `threads` threads; undefined when it cannot be cut safely (no
 * header or first record in its first MiB).
 */
export function planRanges(
  name: string,
  size: number,
  format: LineFormat,
  options: Pick<FileComputeOptions, 'columns' | 'onInvalid' | 'metrics'> & { threads: number; segmentBytes?: number },
  readAt: ReadAt,
): RangePlan | undefined {
  const head = new Uint8Array(Math.min(size, 1 << 20));
  const first = head.subarray(0, readAt(head, head.length, 0));
  const chosen = options.columns ? { columns: options.columns } : {};
  let layout: CsvLayout | undefined;
  let jsonlShape: JsonlShape | undefined;
  let dataStart = 0;
  let firstLine = 1;
  let columns: ColumnPlan;
  if (format === 'jsonl') {
    jsonlShape = readJsonlShape(first, { name, ...chosen });
    if (!jsonlShape) return undefined;
    columns = jsonlShape.columns;
  } else {
    const header = readCsvHeader(first, { name, format, ...chosen });
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
    const cut = lineStartAfter(readAt, Math.max(at, cuts[cuts.length - 1]), size, buf);
    if (cut < 0 || cut >= size) break;
    if (cut > cuts[cuts.length - 1]) cuts.push(cut);
    at = cut;
  }
  cuts.push(size);
  return {
    setup: { name, format, ...chosen, onInvalid: options.onInvalid ?? 'error', ...(layout ? { layout } : {}), ...(jsonlShape ? { jsonlShape } : {}), ...(options.metrics ? { metrics: true } : {}) },
    segments: cuts.slice(0, -1).map((start, k) => ({ start, end: cuts[k + 1] })),
    firstLine,
    columns,
    labels: jsonlShape ? jsonlShape.ly : columns.yTrue.length,
    predictions: jsonlShape ? jsonlShape.lp : columns.yPred.length,
  };
}

/** The first line break at or after `at`, as the offset after it; −1 if none before `end`. */
function lineStartAfter(readAt: ReadAt, at: number, end: number, buf: Uint8Array): number {
  let pos = at;
  while (pos < end) {
    const n = readAt(buf, Math.min(buf.length, end - pos), pos);
    if (n <= 0) return -1;
    const i = buf.subarray(0, n).indexOf(10);
    if (i >= 0) return pos + i + 1;
    pos += n;
  }
  return -1;
}

/**
 * Reads one range with a reused buffer, lines numbered from 1 in the range; `holder` keeps the
 * thread's metrics over all its ranges; `perSample`: per lane, where the range's per-sample losses go.
 */
export function readRange(readAt: ReadAt, buf: Uint8Array, segment: Segment, setup: PassSetup, holder?: MetricsHolder, perSample?: readonly (PerSampleStream | undefined)[]): SegmentResult {
  const pass = createPass({ ...setup, firstLine: 1 }, holder, perSample);
  let pos = segment.start;
  try {
    while (pos < segment.end) {
      const target = pass.readBuffer(buf.length) ?? buf;
      const n = readAt(target, Math.min(target.length, segment.end - pos), pos);
      if (n <= 0) break;
      pos += n;
      pass.push(target.subarray(0, n));
      if (!pass.live) break;
    }
    if (pass.live) pass.end();
  } catch (e) {
    if (e instanceof InputError) return { lines: pass.line - 1, quotedNewline: pass.quotedNewline, quotes: pass.quotes, error: { place: e.place, detail: e.detail } };
    throw e;
  }
  return { pass: pass.state(), lines: pass.line - 1, quotedNewline: pass.quotedNewline, quotes: pass.quotes };
}

/**
 * The ranges' passes merged in file order, as one pass over the file would give them; undefined
 * when a cut may have fallen inside a quoted field (the file is then read whole). The first bad
 * row is an InputError at its line in the file.
 */
export function mergeRanges(
  plan: RangePlan,
  setup: PassSetup,
  ranges: { results: readonly SegmentResult[]; metrics: readonly StreamMetricsState[] },
  bytes: number,
): (PassOutcome & { columns: ColumnPlan }) | undefined {
  const results = ranges.results;
  // A cut inside a quoted field would show as a bad row in a range with quotes: read it whole instead.
  const quotes = results.some((r) => r.quotes);
  if (results.some((r) => r.quotedNewline || (quotes && (r.error || (r.pass?.invalidRows ?? 0) > 0)))) return undefined;
  let lineOffset = plan.firstLine - 1;
  // Each range numbers its rows from 0: the rows read and skipped before it shift them.
  let rowOffset = 0;
  const parts: { pass: PassState; lineOffset: number; rowOffset: number }[] = [];
  for (const r of results) {
    if (r.error) throw new InputError({ ...r.error.place, line: r.error.place.line + lineOffset }, r.error.detail);
    const pass = r.pass as PassState;
    parts.push({ pass, lineOffset, rowOffset });
    lineOffset += r.lines;
    rowOffset += pass.rows + pass.invalidRows;
  }
  const specs = planLanes(setup, { labels: plan.labels, predictions: plan.predictions, fromLogitsByName: plan.columns.fromLogitsByName });
  return { state: withThreadMetrics(mergePasses(parts), ranges.metrics), specs, bytes, complete: true, columns: plan.columns };
}

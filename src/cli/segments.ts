/**
 * A byte range of a CSV/TSV/JSON Lines file read by one thread: the same reader as for the whole
 * file, given the header (read once by the main thread) and lines numbered from 1 in the range.
 */
import { readSync } from 'node:fs';
import { InputError, type SourcePlace } from '../inputs/inputError';
import type { MetricsHolder, PassState } from '../inputs/files/lanes';
import { createPass, type PassSetup } from '../inputs/files/pass';

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

/** Reads one range with a reused buffer. */
export function readSegment(fd: number, buf: Uint8Array, segment: Segment, setup: PassSetup, holder?: MetricsHolder): SegmentResult {
  const pass = createPass({ ...setup, firstLine: 1 }, holder);
  let pos = segment.start;
  try {
    while (pos < segment.end) {
      const target = pass.readBuffer(buf.length) ?? buf;
      const n = readSync(fd, target, 0, Math.min(target.length, segment.end - pos), pos);
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

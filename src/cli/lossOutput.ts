/**
 * Prints a result's loss. Reduction "none" gives one value per sample: 3·10⁷ of them are more
 * text than one JavaScript string may hold, so they are written a slice at a time (and the event
 * loop gets a turn between slices, so a reader that closed the pipe ends the run at once).
 */
import type { LossResult } from '../core';

/** Values per write: about 150 KB of text. */
const SLICE = 8192;

export interface LossWriter {
  /** Writes a line (a newline is added). */
  out: (s: string) => void;
  /** Writes text as it is; without it, JSON output is built whole (tests, small inputs). */
  write?: (s: string) => void;
}

type Values = readonly number[] | readonly (readonly number[])[];

/** The loss as plain text: one number, or one line per sample (labels separated by spaces). */
export async function printLoss(loss: LossResult['loss'], io: LossWriter): Promise<void> {
  if (typeof loss === 'number') {
    io.out(String(loss));
    return;
  }
  await bySlice(loss, (from, to) => {
    const lines: string[] = [];
    for (let i = from; i < to; i++) {
      const v = loss[i];
      lines.push(Array.isArray(v) ? v.join(' ') : String(v));
    }
    io.out(lines.join('\n'));
  });
}

/**
 * `object` as JSON, its first key `loss` written a slice at a time when it is a list. The object
 * must have loss as its first key (toJson puts it there).
 */
export async function printJson(object: { loss: LossResult['loss'] }, io: LossWriter): Promise<void> {
  const { loss, ...rest } = object;
  if (typeof loss === 'number' || !io.write) {
    io.out(JSON.stringify(object));
    return;
  }
  const write = io.write;
  const tail = JSON.stringify(rest);
  write('{"loss":[');
  await bySlice(loss, (from, to) => {
    // JSON.stringify writes NaN as null, as it does for the whole object.
    write((from > 0 ? ',' : '') + JSON.stringify(loss.slice(from, to)).slice(1, -1));
  });
  write(']' + (tail === '{}' ? '}' : ',' + tail.slice(1)) + '\n');
}

async function bySlice(values: Values, each: (from: number, to: number) => void): Promise<void> {
  for (let from = 0; from < values.length; from += SLICE) {
    each(from, Math.min(values.length, from + SLICE));
    // A turn for the event loop: a closed pipe's EPIPE is delivered (and ends the run) here.
    if (from + SLICE < values.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

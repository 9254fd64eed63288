/**
 * The first bytes of every member of a zip (.npz), in one pass over the file: reading each
 * member's .npy header by streaming the file from byte 0 made archives of many members quadratic.
 * A member's window ends where the next member starts, so the windows are filled in order.
 */
import { inflateChunks } from './inflateStream';
import type { DataSource } from './types';
import { abortError, concatBytes } from './util';

/** Raw bytes taken per member after its local header's fixed part: enough for the name, the extra field and an .npy header. */
const WINDOW = 64 * 1024;

export interface HeadEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** The uncompressed size the central directory declares. */
  size: number;
  localOffset: number;
}

export interface MemberHead {
  /** Where the member's data starts in the file (after its local header), −1 if the header is damaged. */
  dataOffset: number;
  /** The first uncompressed bytes of the member (at most about {@link WINDOW}). */
  head: Uint8Array;
}

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}

export async function memberHeads(source: DataSource, entries: readonly HeadEntry[], total: number, signal: AbortSignal | undefined): Promise<Map<HeadEntry, MemberHead>> {
  const order = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  const windows = order.map((e, k) => {
    const limit = k + 1 < order.length ? order[k + 1].localOffset : total;
    const end = Math.max(e.localOffset, Math.min(limit, e.localOffset + 30 + WINDOW));
    return { start: e.localOffset, end, bytes: new Uint8Array(end - e.localOffset) };
  });
  let k = 0;
  let seen = 0;
  for await (const chunk of source.chunks()) {
    if (signal?.aborted) throw abortError();
    const chunkEnd = seen + chunk.byteLength;
    while (k < windows.length && windows[k].end <= seen) k++;
    for (let j = k; j < windows.length && windows[j].start < chunkEnd; j++) {
      const w = windows[j];
      const from = Math.max(w.start, seen);
      const to = Math.min(w.end, chunkEnd);
      if (to > from) w.bytes.set(chunk.subarray(from - seen, to - seen), from - w.start);
    }
    seen = chunkEnd;
    if (k < windows.length && windows[windows.length - 1].end <= seen) break;
  }
  const out = new Map<HeadEntry, MemberHead>();
  for (let j = 0; j < order.length; j++) {
    const e = order[j];
    const b = windows[j].bytes;
    if (b.length < 30 || u16(b, 0) !== 0x4b50 || u16(b, 2) !== 0x0403) {
      out.set(e, { dataOffset: -1, head: new Uint8Array(0) });
      continue;
    }
    const skip = 30 + u16(b, 26) + u16(b, 28);
    const raw = b.subarray(Math.min(skip, b.length), Math.min(b.length, skip + e.compressedSize));
    out.set(e, { dataOffset: e.localOffset + skip, head: e.method === 8 ? await inflateStart(raw, e) : raw });
  }
  return out;
}

/** The first {@link WINDOW} bytes or so of a deflated member; a damaged stream gives what came before the damage (the full read reports it). */
async function inflateStart(raw: Uint8Array, e: HeadEntry): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  try {
    for await (const chunk of inflateChunks([raw], e.compressedSize, e.size, WINDOW)) parts.push(chunk);
  } catch {
    // left to the member's full read, which names the damage
  }
  return concatBytes(parts);
}

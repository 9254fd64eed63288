/**
 * Seeded mutations of Parquet and Arrow files for the fuzz test and scripts/fuzz-columnar.ts: bit
 * flips, truncations, size fields set huge and random bytes, aimed half the time at the parts the
 * readers trust first (the footer, the Parquet page headers, the Arrow message prefixes).
 */
import { parquetMetadata } from 'hyparquet/src/metadata.js';
import { BceError } from '../../../src/core';
import { computeFileLoss, type DataSource } from '../../../src/inputs/files';
import { InputError } from '../../../src/inputs/inputError';
import { keras, prng, torch } from './filesHelpers';

export type ColumnarKind = 'parquet' | 'arrow';

/** Where the headers of a file are: [start, end) ranges a mutation may aim at. */
export interface Target {
  name: string;
  kind: ColumnarKind;
  bytes: Uint8Array;
  headers: [number, number][];
}

/** The header ranges of a well-formed fixture (its footer; each column chunk's first page header or each IPC message's prefix). */
export function targetOf(name: string, bytes: Uint8Array): Target {
  const kind: ColumnarKind = bytes[0] === 0x50 ? 'parquet' : 'arrow';
  const headers: [number, number][] = [];
  const size = bytes.byteLength;
  if (kind === 'parquet') {
    const footer = new DataView(bytes.buffer, bytes.byteOffset + size - 8, 4).getUint32(0, true);
    headers.push([size - 8 - footer, size]);
    const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + size) as ArrayBuffer);
    for (const g of meta.row_groups) {
      for (const c of g.columns) {
        const m = c.meta_data;
        if (!m) continue;
        const start = Number(m.dictionary_page_offset ?? m.data_page_offset);
        headers.push([start, Math.min(size, start + 40)]);
        if (m.dictionary_page_offset !== undefined) headers.push([Number(m.data_page_offset), Math.min(size, Number(m.data_page_offset) + 40)]);
      }
    }
  } else {
    // An IPC message starts with the continuation marker 0xFFFFFFFF and its metadata length.
    for (let i = 0; i + 8 <= size; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0xff && bytes[i + 2] === 0xff && bytes[i + 3] === 0xff) headers.push([i, Math.min(size, i + 64)]);
    if (bytes[0] === 0x41) {
      const footer = new DataView(bytes.buffer, bytes.byteOffset + size - 10, 4).getInt32(0, true);
      headers.push([Math.max(0, size - 10 - footer), size]);
    }
  }
  return { name, kind, bytes, headers };
}

/** Little-endian huge values a size or count field might be set to. */
const HUGE_FIELDS: readonly number[][] = [
  [0xff, 0xff, 0xff, 0x7f], // int32 max
  [0x00, 0x00, 0x00, 0x80], // int32 min
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], // int64 max
  [0xfe, 0xff, 0xff, 0xff, 0x0f], // a zigzag varint of 2^31 − 1 (thrift's i32)
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // a 10-byte varint (thrift's i64)
  [0x80, 0x80, 0x80, 0x80, 0x08], // a varint of 2^31
];

export interface Mutated {
  bytes: Uint8Array;
  /** What was done, to reproduce a finding. */
  how: string;
}

/** One mutation of the target, chosen and placed by the seed alone. */
export function mutate(target: Target, seed: number): Mutated {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const src = target.bytes;
  const size = src.byteLength;
  // Half the time aim at a header range, else anywhere.
  const place = (): number => {
    if (target.headers.length > 0 && rand() < 0.5) {
      const [a, b] = target.headers[int(target.headers.length)];
      return a + int(Math.max(1, b - a));
    }
    return int(size);
  };
  const kind = int(6);
  if (kind === 0) {
    const out = src.slice();
    const flips = 1 + int(8);
    const at: number[] = [];
    for (let i = 0; i < flips; i++) {
      const p = place();
      out[p] ^= 1 << int(8);
      at.push(p);
    }
    return { bytes: out, how: `bit flips at ${at.join(', ')}` };
  }
  if (kind === 1) {
    const n = int(size);
    return { bytes: src.slice(0, n), how: `cut to ${n} bytes` };
  }
  if (kind === 2) {
    // A slice removed from the middle: the end marks stay, the offsets point at the wrong bytes.
    const a = int(size);
    const b = Math.min(size, a + 1 + int(4096));
    const out = new Uint8Array(size - (b - a));
    out.set(src.subarray(0, a));
    out.set(src.subarray(b), a);
    return { bytes: out, how: `bytes ${a}–${b} removed` };
  }
  if (kind === 3) {
    const out = src.slice();
    const field = HUGE_FIELDS[int(HUGE_FIELDS.length)];
    const p = Math.min(place(), size - field.length);
    out.set(field, Math.max(0, p));
    return { bytes: out, how: `[${field.map((b) => b.toString(16)).join(' ')}] at ${p}` };
  }
  if (kind === 4) {
    const out = src.slice();
    const p = place();
    const n = 1 + int(16);
    for (let i = p; i < Math.min(size, p + n); i++) out[i] = int(256);
    return { bytes: out, how: `${n} random bytes at ${p}` };
  }
  // The footer length (Parquet: the 4 bytes before the closing "PAR1"; Arrow: before "ARROW1").
  const out = src.slice();
  const at = target.kind === 'parquet' ? size - 8 : size - 10;
  const field = [int(256), int(256), int(256), int(256)];
  if (at >= 0) out.set(field, at);
  return { bytes: out, how: `footer length set to [${field.join(' ')}]` };
}

/** A source over bytes with positional reads (as the CLI's), or streamed only (as a virtual workspace's). */
export function bytesSource(bytes: Uint8Array, name: string, positional: boolean): DataSource {
  return {
    name,
    size: bytes.byteLength,
    chunks: async function* () {
      for (let i = 0; i < bytes.byteLength; i += 4096) yield bytes.subarray(i, Math.min(bytes.byteLength, i + 4096));
    },
    ...(positional ? { read: async (offset: number, length: number) => bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)) } : {}),
  };
}

export type Outcome = { ok: true; rows: number } | { ok: false; error: InputError | BceError };

/**
 * Reads the bytes under two frameworks; a result or a typed error with a place is an outcome, anything
 * else is thrown back with what was done, for the caller to report.
 */
export async function readMutated(bytes: Uint8Array, name: string, positional: boolean, onInvalid: 'error' | 'skip'): Promise<Outcome> {
  try {
    const r = await computeFileLoss(bytesSource(bytes, name, positional), { variants: [keras, torch], onInvalid });
    return { ok: true, rows: r.rows };
  } catch (e) {
    if (e instanceof InputError) {
      const { line, column, source } = e.place;
      if (source !== name || !(Number.isInteger(line) && line >= 1 && Number.isInteger(column) && column >= 1)) throw new Error(`an InputError without a place: ${e.message}`);
      if (e.message.includes('\n')) throw new Error(`an InputError of several lines: ${e.message}`);
      return { ok: false, error: e };
    }
    if (e instanceof BceError) return { ok: false, error: e };
    throw e;
  }
}

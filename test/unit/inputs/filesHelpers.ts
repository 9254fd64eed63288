/** Helpers for the data-file tests: sources from bytes, hand-built .npy/.npz files, option sets. */
import * as assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import type { LossOptions } from '../../../src/core';
import type { DataSource } from '../../../src/inputs/files';
import type { ChunkTarget } from '../../../src/inputs/files/types';
import { onceSource } from '../../../src/inputs/files/onceSource';
import { InputError } from '../../../src/inputs/inputError';

export const keras: LossOptions = { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };
export const tfKeras2: LossOptions = { ...keras, semantics: 'tf-keras2' };
export const torch: LossOptions = { semantics: 'torch', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };
export const sklearn: LossOptions = { semantics: 'sklearn', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };

const encoder = new TextEncoder();

/** The InputError `p` rejects with (anything else fails the test). */
export async function inputErrorOf(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected an InputError');
}

/** A re-readable source over bytes, handed out in chunks of `chunk` bytes, each a view of one reused buffer or of the buffer the reader offers (as the CLI's file source does). */
export function source(data: string | Uint8Array, name = 'data.csv', chunk = 65536): DataSource & { reads: number } {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const s = {
    name,
    size: bytes.byteLength,
    reads: 0,
    chunks: async function* (into?: ChunkTarget) {
      s.reads++;
      const buf = new Uint8Array(chunk);
      for (let i = 0; i < bytes.byteLength; i += chunk) {
        // Into the reader's buffer when it offers one, as the CLI's file source does.
        const target = into?.(chunk) ?? buf;
        const n = Math.min(chunk, bytes.byteLength - i);
        target.set(bytes.subarray(i, i + n));
        yield target.subarray(0, n);
      }
    },
  };
  return s;
}

/** A pipe over bytes: read once (a second read throws), in chunks of `chunk` bytes from one reused buffer or the reader's. */
export function pipe(data: string | Uint8Array, name = '<stdin>', chunk = 65536): DataSource {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const buf = new Uint8Array(chunk);
  let at = 0;
  return onceSource(name, async (into) => {
    if (at >= bytes.byteLength) return undefined;
    const target = into ?? buf;
    const n = Math.min(chunk, target.length, bytes.byteLength - at);
    target.set(bytes.subarray(at, at + n));
    at += n;
    return target.subarray(0, n);
  });
}

export interface NpyArray {
  descr: string;
  shape: number[];
  fortran?: boolean;
  /** Values in C order (row by row). */
  values: number[];
  version?: 1 | 2 | 3;
}

/** An .npy file written byte by byte as numpy.lib.format does. */
export function npy(a: NpyArray): Uint8Array {
  const version = a.version ?? 1;
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '${a.descr}', 'fortran_order': ${a.fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const pre = version === 1 ? 10 : 12;
  const pad = 64 - ((pre + header.length + 1) % 64);
  header += ' '.repeat(pad === 64 ? 0 : pad) + '\n';
  const m = /^([<>|=]?)([a-z?])(\d*)$/.exec(a.descr) as RegExpExecArray;
  const little = m[1] !== '>';
  const kind = m[2];
  const size = kind === '?' ? 1 : Number(m[3]);
  const n = a.values.length;
  const data = new DataView(new ArrayBuffer(n * size));
  // Fortran order: element (i, j) at j·rows + i.
  const [rows, cols = 1] = a.shape;
  for (let k = 0; k < n; k++) {
    const i = Math.floor(k / cols);
    const j = k % cols;
    const at = (a.fortran ? j * rows + i : k) * size;
    const v = a.values[k];
    if (kind === 'f') {
      if (size === 8) data.setFloat64(at, v, little);
      else if (size === 4) data.setFloat32(at, v, little);
      else data.setUint16(at, toHalf(v), little);
    } else if (kind === 'b' || kind === '?') data.setUint8(at, v ? 1 : 0);
    else if (kind === 'i' || kind === 'u') {
      if (size === 1) data.setUint8(at, v & 0xff);
      else if (size === 2) data.setUint16(at, v & 0xffff, little);
      else if (size === 4) data.setUint32(at, v >>> 0, little);
      else data.setBigInt64(at, BigInt(v), little);
    }
  }
  const head = encoder.encode(header);
  const out = new Uint8Array(pre + head.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) {
    out[8] = head.length & 0xff;
    out[9] = head.length >> 8;
  } else new DataView(out.buffer).setUint32(8, head.length, true);
  out.set(head, pre);
  out.set(new Uint8Array(data.buffer), pre + head.length);
  return out;
}

/** float → IEEE half (values used in tests are exact in half precision). */
function toHalf(v: number): number {
  if (v === 0) return Object.is(v, -0) ? 0x8000 : 0;
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  if (e < -14) return sign | Math.round(a / Math.pow(2, -24));
  const frac = Math.round((a / Math.pow(2, e) - 1) * 1024);
  return sign | ((e + 15) << 10) | frac;
}

/** An .npz (zip) of .npy members; `stored` members are not compressed. */
export function npz(members: Record<string, Uint8Array>, stored: string[] = []): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, data] of Object.entries(members)) files[name] = [data, { level: stored.includes(name) ? 0 : 6 }];
  return zipSync(files);
}

/** A small deterministic generator (tests must not depend on Math.random). */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/**
 * Checks the lists (flatbuffer vectors) of an Arrow footer or message before flechette decodes it:
 * flechette builds an array of the length a vector declares, reading past the buffer as zeros, so
 * one damaged length would allocate without bound (the fuzz test's multilabel.arrow, seed 1008).
 * The walk follows flechette's decoders: schema fields and their children, metadata, union type
 * ids, record batch nodes, buffers and variadic counts, the footer's blocks.
 */
import { MessageHeader, Type } from '@uwdata/flechette/src/constants.js';
import { readInt32, readObject, readOffset, readUint8 } from '@uwdata/flechette/src/util/read.js';

/** Fields nest no deeper than this (a list of structs of lists … is far shallower). */
const MAX_DEPTH = 64;

/** The positions of the entries of the vector at `pos` (0: absent); throws when it runs past the buffer. */
function vector(buf: Uint8Array, pos: number | null, stride: number): number[] {
  if (!pos) return [];
  const base = pos + readInt32(buf, pos);
  const length = readInt32(buf, base);
  if (!(base >= 0 && length >= 0 && base + 4 + length * stride <= buf.byteLength)) throw new Error(`a list of ${length} entries runs past the ${buf.byteLength} bytes of its header`);
  return Array.from({ length }, (_, i) => base + 4 + i * stride);
}

function field(buf: Uint8Array, pos: number, depth: number): void {
  if (depth > MAX_DEPTH) throw new Error(`fields nested more than ${MAX_DEPTH} deep`);
  const get = readObject(buf, pos);
  for (const child of vector(buf, get(14, readOffset), 4)) field(buf, child, depth + 1);
  vector(buf, get(16, readOffset), 4);
  const typeAt = get(10, readOffset, 0);
  if (get(8, readUint8, 0) === Type.Union && typeAt) vector(buf, readObject(buf, typeAt)(6, readOffset), 4);
}

function schema(buf: Uint8Array, pos: number): void {
  const get = readObject(buf, pos);
  for (const f of vector(buf, get(6, readOffset), 4)) field(buf, f, 0);
  vector(buf, get(8, readOffset), 4);
  vector(buf, get(10, readOffset), 8);
}

function recordBatch(buf: Uint8Array, pos: number): void {
  const get = readObject(buf, pos);
  vector(buf, get(6, readOffset), 16);
  vector(buf, get(8, readOffset), 16);
  vector(buf, get(12, readOffset), 8);
}

/** An IPC file's footer: its schema and the blocks of the dictionaries and record batches. */
export function checkFooter(buf: Uint8Array): void {
  const get = readObject(buf, 0);
  const at = get(6, readOffset, 0);
  if (at) schema(buf, at);
  vector(buf, get(8, readOffset), 24);
  vector(buf, get(10, readOffset), 24);
}

/** A message's metadata (the flatbuffer after its length prefix). */
export function checkMessage(meta: Uint8Array): void {
  const get = readObject(meta, 0);
  const type = get(6, readUint8, 0);
  const at = get(8, readOffset, 0);
  if (!at) return;
  if (type === MessageHeader.Schema) schema(meta, at);
  else if (type === MessageHeader.RecordBatch) recordBatch(meta, at);
  else if (type === MessageHeader.DictionaryBatch) {
    const data = readObject(meta, at)(6, readOffset, 0);
    if (data) recordBatch(meta, data);
  }
}

/** The metadata of the message that starts `bytes` (after the continuation marker and length), checked. */
export function checkMessageAt(bytes: Uint8Array): void {
  let length = readInt32(bytes, 0);
  let at = 4;
  if (length === -1) {
    length = readInt32(bytes, 4);
    at = 8;
  }
  if (length > 0) checkMessage(bytes.subarray(at, at + length));
}

/**
 * One Parquet column chunk (a column of one row group) into typed arrays. hyparquet parses the
 * page headers and decodes each encoding (PLAIN, the RLE/bit-packed hybrid of levels and
 * dictionary indices, BYTE_STREAM_SPLIT, DELTA_*); the pages are laid out here, v1 and v2, so that
 * levels and indices land in typed arrays: hyparquet's own page reader builds JavaScript arrays of
 * them, which took two thirds of the time on a 10⁷-row file.
 */
import { decompress as zstd } from 'fzstd';
import { gunzipSync } from 'fflate';
import { decompressLz4, decompressLz4Raw } from 'hyparquet-compressors/src/lz4.js';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { deltaBinaryUnpack, deltaByteArray, deltaLengthByteArray } from 'hyparquet/src/delta.js';
import { byteStreamSplit } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel } from 'hyparquet/src/schema.js';
import type { ColumnMetaData, Compressors, DataReader, DecodedArray, SchemaTree } from 'hyparquet/src/types.js';
import type { GroupColumn } from './columnar';
import { readHybrid } from './rleHybrid';
import { snappyInto } from './snappy';

/** Decoders for the codecs hyparquet leaves to plug-ins, and snappy with block copies (snappy.ts). */
const COMPRESSORS: Compressors = {
  SNAPPY: (input, length) => {
    const out = new Uint8Array(length);
    snappyInto(input, out);
    return out;
  },
  GZIP: (input) => gunzipSync(input),
  ZSTD: (input) => zstd(input),
  LZ4: decompressLz4,
  LZ4_RAW: decompressLz4Raw,
};
export const READABLE_CODECS: ReadonlySet<string> = new Set(['UNCOMPRESSED', ...Object.keys(COMPRESSORS)]);

/**
 * A data page's bytes uncompressed. Snappy pages (the default of DuckDB, pandas and Spark) go into
 * the column's reused page buffer: valid until its next page, which is decoded only after this
 * one's values are copied out.
 */
function dataPage(page: Uint8Array, size: number, codec: ColumnMetaData['codec'], buffers: ChunkBuffers): Uint8Array {
  if (codec !== 'SNAPPY') return decompressPage(page, size, codec, COMPRESSORS);
  const out = buffers.takePage(size);
  snappyInto(page, out);
  return out;
}

/**
 * The arrays one column's chunks are decoded into, kept from one row group to the next: a group's
 * columns are used up before the next group is read, so a chunk reuses the last one's memory rather
 * than allocating and zero-filling its own (every slot used is written first).
 */
export class ChunkBuffers {
  private numbers = new Float64Array(0);
  private ids = new Int32Array(0);
  private def = new Uint8Array(0);
  private rep = new Uint8Array(0);
  private page = new Uint8Array(0);

  takeNumbers(n: number): Float64Array {
    return (this.numbers = atLeast(this.numbers, n, Float64Array)).subarray(0, n);
  }
  takeIds(n: number): Int32Array {
    return (this.ids = atLeast(this.ids, n, Int32Array)).subarray(0, n);
  }
  takeDef(n: number): Uint8Array {
    return (this.def = atLeast(this.def, n, Uint8Array)).subarray(0, n);
  }
  takeRep(n: number): Uint8Array {
    return (this.rep = atLeast(this.rep, n, Uint8Array)).subarray(0, n);
  }
  /** A page's uncompressed bytes (no page is larger than its chunk, checked before). */
  takePage(n: number): Uint8Array {
    return (this.page = atLeast(this.page, n, Uint8Array)).subarray(0, n);
  }
}

/** Levels and values of a column chunk, page after page. */
class ChunkValues {
  readonly numbers: Float64Array;
  readonly ids: Int32Array | undefined;
  readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  /** Values written (nulls have none). */
  n = 0;
  readonly def: Uint8Array | undefined;
  readonly rep: Uint8Array | undefined;
  levels = 0;

  constructor(
    readonly text: boolean,
    levelCount: number,
    maxDef: number,
    maxRep: number,
    buffers: ChunkBuffers,
  ) {
    this.numbers = text ? new Float64Array(0) : buffers.takeNumbers(levelCount);
    this.ids = text ? buffers.takeIds(levelCount) : undefined;
    this.def = maxDef > 0 ? buffers.takeDef(levelCount) : undefined;
    this.rep = maxRep > 0 ? buffers.takeRep(levelCount) : undefined;
  }

  idOf(s: string): number {
    let id = this.nameIds.get(s);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(s);
      this.nameIds.set(s, id);
    }
    return id;
  }
}

const decoder = new TextDecoder();

/** A count or size from a header: a whole number ≥ 0 (a damaged header may leave it out or make it negative). */
function count(value: number | undefined, what: string): number {
  if (value === undefined || !Number.isSafeInteger(value) || value < 0) throw new Error(`${what} is ${String(value)}`);
  return value;
}

function bitWidth(value: number): number {
  return 32 - Math.clz32(value);
}

function readerOf(b: Uint8Array): DataReader {
  return { view: new DataView(b.buffer, b.byteOffset, b.byteLength), offset: 0 };
}

/** The scale of a DECIMAL column (its integers are value · 10^scale), if it is one. */
export function decimalScale(node: SchemaTree): number | undefined {
  const e = node.element;
  if (e.logical_type?.type === 'DECIMAL') return e.logical_type.scale;
  return e.converted_type === 'DECIMAL' ? (e.scale ?? 0) : undefined;
}

/**
 * Decodes a chunk's pages; `rows` is the row group's row count. The result lives in `buffers` (the
 * column's own): it is valid until the column's next chunk is decoded. Throws plain Errors on damaged data.
 */
export function decodeChunk(bytes: Uint8Array, meta: ColumnMetaData, schemaPath: SchemaTree[], rows: number, buffers: ChunkBuffers = new ChunkBuffers()): GroupColumn {
  const element = schemaPath[schemaPath.length - 1].element;
  const type = meta.type;
  const text = type === 'BYTE_ARRAY' || type === 'FIXED_LEN_BYTE_ARRAY';
  const maxDef = getMaxDefinitionLevel(schemaPath);
  const maxRep = getMaxRepetitionLevel(schemaPath);
  const levelCount = count(Number(meta.num_values), 'the number of values');
  // Checked before allocating: a flat column has one value (or null) a row.
  if (maxRep === 0 && levelCount !== rows) throw new Error(`the column chunk declares ${levelCount} values for ${rows} rows`);
  const largestPage = Number(meta.total_uncompressed_size);
  const acc = new ChunkValues(text, levelCount, maxDef, maxRep, buffers);
  let dictionary: Float64Array | Int32Array | undefined;
  const reader = readerOf(bytes);
  while (acc.levels < levelCount) {
    if (reader.offset >= bytes.byteLength) throw new Error(`the column chunk ends after ${acc.levels} of its ${levelCount} values`);
    const header = parquetHeader(reader);
    const size = count(header.compressed_page_size, 'a page size');
    if (reader.offset + size > bytes.byteLength) throw new Error('a page runs past the end of the column chunk');
    // Checked before decompressing into it: no page is larger than its whole chunk.
    const unpacked = count(Number(header.uncompressed_page_size), 'a page size');
    if (unpacked > largestPage) throw new Error(`a page declares ${unpacked} bytes, more than its column chunk's ${largestPage}`);
    const page = bytes.subarray(reader.offset, reader.offset + size);
    reader.offset += size;
    if (header.type === 'DICTIONARY_PAGE') {
      const dph = header.dictionary_page_header;
      if (!dph) throw new Error('a dictionary page without its header');
      const plain = decompressPage(page, unpacked, meta.codec, COMPRESSORS);
      const values = readPlain(readerOf(plain), type, count(dph.num_values, 'the dictionary size'), element.type_length);
      dictionary = text ? Int32Array.from(values as Uint8Array[], (v) => acc.idOf(decoder.decode(v))) : toNumbers(values);
      continue;
    }
    let n: number;
    let nulls: number;
    let encoding: string;
    let values: DataReader;
    const at = acc.levels;
    if (header.type === 'DATA_PAGE') {
      const h = header.data_page_header;
      if (!h) throw new Error('a data page without its header');
      n = count(h.num_values, 'the values of a page');
      encoding = h.encoding;
      if (at + n > levelCount) throw new Error(`the pages hold more than the chunk's ${levelCount} values`);
      values = readerOf(dataPage(page, unpacked, meta.codec, buffers));
      // v1: each level run is prefixed by its length in bytes (readHybrid reads it).
      if (acc.rep) readHybrid(values, bitWidth(maxRep), acc.rep.subarray(at, at + n));
      nulls = acc.def ? readDefinitions(values, undefined, acc.def.subarray(at, at + n), maxDef) : 0;
    } else if (header.type === 'DATA_PAGE_V2') {
      const h = header.data_page_header_v2;
      if (!h) throw new Error('a data page v2 without its header');
      n = count(h.num_values, 'the values of a page');
      encoding = h.encoding;
      if (at + n > levelCount) throw new Error(`the pages hold more than the chunk's ${levelCount} values`);
      // v2: the levels come first, never compressed, their lengths in the header (a missing one would read the page from byte NaN, for ever).
      const repBytes = count(h.repetition_levels_byte_length, 'the length of the repetition levels');
      const defBytes = count(h.definition_levels_byte_length, 'the length of the definition levels');
      const start = repBytes + defBytes;
      if (start > size || start > unpacked) throw new Error(`a page's levels (${start} bytes) run past the page (${size} bytes)`);
      const levels = readerOf(page.subarray(0, start));
      if (acc.rep) readHybrid(levels, bitWidth(maxRep), acc.rep.subarray(at, at + n), repBytes);
      levels.offset = repBytes;
      nulls = acc.def ? readDefinitions(levels, defBytes, acc.def.subarray(at, at + n), maxDef) : 0;
      const body = page.subarray(start);
      values = readerOf(h.is_compressed === false ? body : dataPage(body, unpacked - start, meta.codec, buffers));
    } else continue;
    acc.levels += n;
    readValues(acc, values, n - nulls, encoding, type, element.type_length, dictionary);
  }
  const scale = decimalScale(schemaPath[schemaPath.length - 1]);
  // DECIMAL integers to their values: a division by an exact power of ten rounds as parsing the decimal would.
  if (scale && !text) {
    const ten = 10 ** scale;
    for (let i = 0; i < acc.n; i++) acc.numbers[i] /= ten;
  }
  return assemble(acc, schemaPath, maxDef, maxRep, rows);
}

/** Definition levels into out; returns how many are nulls (below the maximum), counted as they are decoded. */
function readDefinitions(reader: DataReader, length: number | undefined, out: Uint8Array, maxDef: number): number {
  return readHybrid(reader, bitWidth(maxDef), out, length, maxDef);
}

/** A page's values (nulls have none) appended to the chunk's. */
function readValues(acc: ChunkValues, reader: DataReader, n: number, encoding: string, type: ColumnMetaData['type'], typeLength: number | undefined, dictionary: Float64Array | Int32Array | undefined): void {
  const at = acc.n;
  acc.n += n;
  if (n === 0) return;
  if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
    if (!dictionary) throw new Error('a dictionary-encoded page before any dictionary page');
    const width = reader.view.getUint8(reader.offset++);
    // The indices are decoded into the output's own slots, then replaced by their values in place.
    const out = acc.text ? (acc.ids as Int32Array) : acc.numbers;
    const size = dictionary.length;
    if (out instanceof Int32Array) {
      const index = out.subarray(at, at + n);
      if (width > 0) readHybrid(reader, width, index, reader.view.byteLength - reader.offset);
      else index.fill(0);
      for (let i = 0; i < n; i++) {
        const k = index[i];
        if (k >= size) throw new Error(`dictionary index ${k} out of range (${size} entries)`);
        index[i] = dictionary[k];
      }
      return;
    }
    const index = indexScratch(n);
    if (width > 0) readHybrid(reader, width, index, reader.view.byteLength - reader.offset);
    else index.fill(0);
    // The range is checked after the loop (an index past the end goes negative in `over`): no branch a value.
    let over = 0;
    for (let i = 0; i < n; i++) {
      const k = index[i];
      over |= size - 1 - k;
      out[at + i] = dictionary[k];
    }
    if (over < 0) {
      const k = index.find((v) => v >= size || v < 0) as number;
      throw new Error(`dictionary index ${k >>> 0} out of range (${size} entries)`);
    }
    return;
  }
  if (encoding === 'PLAIN' && type === 'DOUBLE' && !acc.text) {
    // Little-endian doubles, as typed arrays hold them here: copied once, byte for byte, whatever the page's alignment.
    const start = reader.view.byteOffset + reader.offset;
    if (reader.offset + n * 8 > reader.view.byteLength) throw new Error(`a page of ${n} doubles ends early`);
    new Uint8Array(acc.numbers.buffer, acc.numbers.byteOffset + at * 8, n * 8).set(new Uint8Array(reader.view.buffer, start, n * 8));
    reader.offset += n * 8;
    return;
  }
  let data: DecodedArray;
  if (encoding === 'PLAIN') data = readPlain(reader, type, n, typeLength);
  else if (encoding === 'RLE' && type === 'BOOLEAN') {
    data = new Uint8Array(n);
    readHybrid(reader, 1, data);
  } else if (encoding === 'BYTE_STREAM_SPLIT') data = byteStreamSplit(reader, n, type, typeLength);
  else if (encoding === 'DELTA_BINARY_PACKED') {
    data = type === 'INT32' ? new Int32Array(n) : new BigInt64Array(n);
    deltaBinaryUnpack(reader, n, data as Int32Array);
  } else if (encoding === 'DELTA_LENGTH_BYTE_ARRAY') {
    data = new Array<Uint8Array>(n);
    deltaLengthByteArray(reader, n, data as Uint8Array[]);
  } else if (encoding === 'DELTA_BYTE_ARRAY') {
    data = new Array<Uint8Array>(n);
    deltaByteArray(reader, n, data as Uint8Array[]);
  } else throw new Error(`the ${encoding} encoding is not supported`);
  if (acc.text) {
    const ids = acc.ids as Int32Array;
    for (let i = 0; i < n; i++) ids[at + i] = acc.idOf(decoder.decode(data[i] as Uint8Array));
  } else acc.numbers.set(toNumbers(data).subarray(0, n), at);
}

let scratch = new Int32Array(0);
/** A reused array for a page's dictionary indices (pages are decoded one at a time). */
function indexScratch(n: number): Int32Array {
  if (scratch.length < n) scratch = new Int32Array(n);
  return scratch.subarray(0, n);
}

/** Any decoded numbers (or booleans, or 64-bit integers) as float64. */
function toNumbers(data: DecodedArray): Float64Array {
  if (data instanceof Float64Array) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  if (ArrayBuffer.isView(data)) return Float64Array.from(data as Float32Array);
  return Float64Array.from(data as unknown[], (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : NaN));
}

/** Values per row from the levels: one a row (flat) or a list a row (with offsets). */
function assemble(acc: ChunkValues, schemaPath: SchemaTree[], maxDef: number, maxRep: number, rows: number): GroupColumn {
  const def = acc.def;
  if (maxRep === 0) {
    if (acc.levels !== rows) throw new Error(`${acc.levels} values for ${rows} rows`);
    if (!def || acc.n === rows) {
      if (acc.text) return { kind: 'text', ids: acc.ids as Int32Array, names: acc.names, valid: null };
      return { kind: 'numbers', values: acc.numbers.subarray(0, rows), valid: null, offsets: null };
    }
    // Nulls: the values spread over the rows, valid[r] = 0 where a row is null.
    const valid = new Uint8Array(rows);
    const numbers = acc.text ? undefined : new Float64Array(rows);
    const ids = acc.text ? new Int32Array(rows) : undefined;
    let k = 0;
    for (let r = 0; r < rows; r++) {
      if (def[r] !== maxDef) continue;
      valid[r] = 1;
      if (numbers) numbers[r] = acc.numbers[k++];
      else (ids as Int32Array)[r] = (acc.ids as Int32Array)[k++];
    }
    if (ids) return { kind: 'text', ids, names: acc.names, valid };
    return { kind: 'numbers', values: numbers as Float64Array, valid, offsets: null };
  }
  if (acc.text) throw new Error('a list of strings cannot be an epoch or split column');
  // The definition levels at which the list itself, and an element slot, are defined.
  let d = 0;
  let listDef = 0;
  let slotDef = 0;
  for (let i = 1; i < schemaPath.length; i++) {
    if (schemaPath[i].element.repetition_type !== 'REQUIRED') d++;
    if (i === 1) listDef = d;
    if (schemaPath[i].element.repetition_type === 'REPEATED') {
      slotDef = d;
      break;
    }
  }
  const rep = acc.rep as Uint8Array;
  const offsets = new Int32Array(rows + 1);
  const valid = new Uint8Array(rows);
  let r = -1;
  let k = 0;
  for (let i = 0; i < acc.levels; i++) {
    const dl = def ? def[i] : maxDef;
    if (rep[i] === 0) {
      if (++r >= rows) throw new Error(`more lists than the row group's ${rows} rows`);
      offsets[r] = k;
      valid[r] = dl < listDef ? 0 : 1;
    }
    // The values hold only the elements that are not null.
    if (dl >= slotDef) {
      if (dl < maxDef) valid[r] = 2;
      else k++;
    }
  }
  if (r !== rows - 1) throw new Error(`${r + 1} lists for ${rows} rows`);
  offsets[rows] = k;
  return { kind: 'numbers', values: acc.numbers, valid, offsets };
}

/** The buffer itself when it holds n, else a new one of n (the old contents are not kept). */
function atLeast<T extends Float64Array | Int32Array | Uint8Array>(buffer: T, n: number, make: new (n: number) => T): T {
  return buffer.length < n ? new make(n) : buffer;
}

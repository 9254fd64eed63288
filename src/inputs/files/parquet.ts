/**
 * Parquet files, read by position: the footer first, then one row group at a time and only the
 * column chunks the roles need. hyparquet parses the footer, the page headers and the encodings
 * (PLAIN, dictionary, RLE/bit-packed, BYTE_STREAM_SPLIT, DELTA_BINARY_PACKED; pages v1 and v2);
 * this module turns its pages into typed arrays per column (hyparquet's own row assembly builds
 * JavaScript arrays of every value, twenty times slower) and hands them to columnar.ts.
 */
import { gunzipSync } from 'fflate';
import { decompress as zstd } from 'fzstd';
import { decompressLz4, decompressLz4Raw } from 'hyparquet-compressors/src/lz4.js';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { parquetMetadata, parquetSchema } from 'hyparquet/src/metadata.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getSchemaPath } from 'hyparquet/src/schema.js';
import type { ColumnDecoder, ColumnMetaData, Compressors, DecodedArray, FileMetaData, SchemaTree } from 'hyparquet/src/types.js';
import { InputError } from '../inputError';
import { computeColumnar, type ColumnarFile, type ColumnarGroup, type ColumnInfo, type GroupColumn } from './columnar';
import { randomAccess, ShortRead, type RandomAccess } from './randomAccess';
import type { DataSource, FileComputeOptions, FileLossResult } from './types';

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

/** Decoders for the codecs hyparquet leaves to plug-ins (snappy it has built in). */
const COMPRESSORS: Compressors = {
  GZIP: (input) => gunzipSync(input),
  ZSTD: (input) => zstd(input),
  LZ4: decompressLz4,
  LZ4_RAW: decompressLz4Raw,
};
const READABLE_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', ...Object.keys(COMPRESSORS)]);

export function isParquet(head: Uint8Array): boolean {
  return MAGIC.every((b, i) => head[i] === b);
}

export async function computeParquet(source: DataSource, options: FileComputeOptions): Promise<FileLossResult> {
  const file = await openParquet(source, options.signal);
  return computeColumnar(source.name, file, options);
}

/** Reads the footer and describes the columns; row groups are read when iterated. */
export async function openParquet(source: DataSource, signal: AbortSignal | undefined): Promise<ColumnarFile> {
  const name = source.name;
  const fail = (message: string): never => {
    throw new InputError({ source: name, line: 1, column: 1 }, message);
  };
  const io = await randomAccess(source, signal);
  if (io.size < 12) fail(`not a Parquet file: ${io.size} bytes, too short for the "PAR1" marks and a footer`);
  const head = await io.read(0, 4);
  if (!isParquet(head)) fail(`not a Parquet file: it does not start with "PAR1" (found ${describeBytes(head)}); if it is a CSV or another format, rename it or choose --format`);
  const tail = await io.read(io.size - 8, 8);
  if (!isParquet(tail.subarray(4))) fail('the Parquet file is cut short or damaged: it does not end with "PAR1", so its footer (the schema and the row groups) is missing');
  const footerLength = new DataView(tail.buffer, tail.byteOffset, 8).getUint32(0, true);
  if (footerLength + 12 > io.size) fail(`the Parquet footer claims ${footerLength} bytes but the file has ${io.size}: the file is damaged`);
  const footer = await io.read(io.size - 8 - footerLength, footerLength + 8);
  let metadata: FileMetaData;
  let tree: SchemaTree;
  try {
    metadata = parquetMetadata(footer);
    tree = parquetSchema(metadata);
  } catch (e) {
    return fail(`the Parquet footer is damaged (${(e as Error).message})`);
  }
  const columns = tree.children.map(describeColumn);
  const groupCount = metadata.row_groups.length;
  const rows = Number(metadata.num_rows);
  return {
    format: 'parquet',
    columns,
    bytes: io.size,
    rows,
    groups: async function* () {
      let firstRow = 0;
      for (let g = 0; g < groupCount; g++) {
        const group = rowGroup(name, io, metadata, tree, g, firstRow);
        firstRow += group.rows;
        yield group;
      }
    },
  };
}

function describeBytes(b: Uint8Array): string {
  return JSON.stringify(String.fromCharCode(...b).replace(/[^\x20-\x7e]/g, '·'));
}

/** A top-level field: a plain value, or a LIST of plain values (multi-label). */
function describeColumn(node: SchemaTree): ColumnInfo {
  const name = node.element.name;
  const leaf = listElement(node) ?? node;
  const list = leaf !== node;
  if (leaf.children.length > 0) return { name, list, text: false, unsupported: 'a nested group (struct or map); expected numbers or a list of numbers' };
  const type = leaf.element.type;
  if (type === 'INT96') return { name, list, text: false, unsupported: 'INT96 timestamps are not numbers' };
  return { name, list, text: type === 'BYTE_ARRAY' || type === 'FIXED_LEN_BYTE_ARRAY' };
}

/** The element node of a standard 3-level LIST (or a bare repeated field), else undefined. */
function listElement(node: SchemaTree): SchemaTree | undefined {
  if (node.element.repetition_type === 'REPEATED' && node.children.length === 0) return node;
  const isList = node.element.converted_type === 'LIST' || node.element.logical_type?.type === 'LIST';
  if (!isList || node.children.length !== 1) return undefined;
  const repeated = node.children[0];
  if (repeated.element.repetition_type !== 'REPEATED') return undefined;
  return repeated.children.length === 1 ? repeated.children[0] : repeated.children.length === 0 ? repeated : undefined;
}

function rowGroup(name: string, io: RandomAccess, metadata: FileMetaData, tree: SchemaTree, g: number, firstRow: number): ColumnarGroup {
  const group = metadata.row_groups[g];
  const rows = Number(group.num_rows);
  const label = `row group ${g}`;
  return {
    rows,
    label,
    async read(wanted) {
      const out = new Map<number, GroupColumn>();
      for (const c of wanted) {
        const node = tree.children[c];
        const leaf = listElement(node) ?? node;
        const fail = (message: string): never => {
          throw new InputError({ source: name, line: firstRow + 1, column: c + 1 }, `${label}, column ${JSON.stringify(node.element.name)}: ${message}`);
        };
        const chunk = group.columns.find((ch) => ch.meta_data && ch.meta_data.path_in_schema.join('\u0000') === leaf.path.join('\u0000'));
        if (!chunk?.meta_data) return fail('the row group has no data for this column');
        if (chunk.file_path) return fail(`the column's data is in another file (${chunk.file_path}), which is not read`);
        const meta = chunk.meta_data;
        if (!READABLE_CODECS.has(meta.codec)) fail(`compressed with ${meta.codec}, which BCE Lens does not read (it reads uncompressed, snappy, gzip, zstd, lz4 and lz4_raw); rewrite the file with another compression`);
        const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
        const length = Number(meta.total_compressed_size);
        let bytes: Uint8Array;
        try {
          bytes = await io.read(start, length);
        } catch (e) {
          if (e instanceof ShortRead) return fail(`the file is cut short: ${e.message}`);
          throw e;
        }
        try {
          out.set(c, decodeChunk(bytes, meta, getSchemaPath(metadata.schema, leaf.path), rows));
        } catch (e) {
          if (e instanceof InputError) throw e;
          return fail(`damaged data (${(e as Error).message})`);
        }
      }
      return out;
    },
  };
}

/** Levels and values of a column chunk, page after page. */
class ChunkValues {
  numbers: Float64Array;
  ids: Int32Array | undefined;
  names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  /** Values written. */
  n = 0;
  def: Uint8Array | undefined;
  rep: Uint8Array | undefined;
  levels = 0;

  constructor(
    readonly text: boolean,
    capacity: number,
    levelCount: number,
    maxDef: number,
    maxRep: number,
  ) {
    this.numbers = new Float64Array(text ? 0 : capacity);
    this.ids = text ? new Int32Array(capacity) : undefined;
    this.def = maxDef > 0 ? new Uint8Array(levelCount) : undefined;
    this.rep = maxRep > 0 ? new Uint8Array(levelCount) : undefined;
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

function decodeChunk(bytes: Uint8Array, meta: ColumnMetaData, schemaPath: SchemaTree[], rows: number): GroupColumn {
  const element = schemaPath[schemaPath.length - 1].element;
  const type = meta.type;
  const text = type === 'BYTE_ARRAY' || type === 'FIXED_LEN_BYTE_ARRAY';
  const maxDef = getMaxDefinitionLevel(schemaPath);
  const maxRep = getMaxRepetitionLevel(schemaPath);
  const levelCount = Number(meta.num_values);
  const decoderParams: ColumnDecoder = {
    pathInSchema: meta.path_in_schema,
    type,
    element,
    schemaPath,
    codec: meta.codec,
    parsers: undefined as unknown as ColumnDecoder['parsers'],
    compressors: COMPRESSORS,
  };
  const acc = new ChunkValues(text, levelCount, levelCount, maxDef, maxRep);
  let dictionary: Float64Array | Int32Array | undefined;
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  while (acc.levels < levelCount) {
    if (reader.offset >= bytes.byteLength) throw new Error(`the column chunk ends after ${acc.levels} of its ${levelCount} values`);
    const header = parquetHeader(reader);
    const size = header.compressed_page_size;
    if (reader.offset + size > bytes.byteLength) throw new Error('a page runs past the end of the column chunk');
    const page = bytes.subarray(reader.offset, reader.offset + size);
    reader.offset += size;
    if (header.type === 'DICTIONARY_PAGE') {
      const dph = header.dictionary_page_header;
      if (!dph) throw new Error('dictionary page without its header');
      const plain = decompressPage(page, Number(header.uncompressed_page_size), meta.codec, COMPRESSORS);
      const values = readPlain({ view: new DataView(plain.buffer, plain.byteOffset, plain.byteLength), offset: 0 }, type, dph.num_values, element.type_length);
      dictionary = text ? Int32Array.from(values as Uint8Array[], (v) => acc.idOf(decodeText(v))) : toNumbers(values);
      continue;
    }
    let levels: { definitionLevels: ArrayLike<number> | undefined; repetitionLevels: ArrayLike<number>; dataPage: DecodedArray };
    let count: number;
    let encoding: string;
    if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header;
      if (!daph) throw new Error('data page without its header');
      const plain = decompressPage(page, Number(header.uncompressed_page_size), meta.codec, COMPRESSORS);
      levels = readDataPage(plain, daph, decoderParams);
      count = daph.num_values;
      encoding = daph.encoding;
    } else if (header.type === 'DATA_PAGE_V2') {
      const daph2 = header.data_page_header_v2;
      if (!daph2) throw new Error('data page v2 without its header');
      levels = readDataPageV2(page, header, decoderParams);
      count = daph2.num_values;
      encoding = daph2.encoding;
    } else continue;
    if (acc.levels + count > levelCount) throw new Error(`the pages hold more than the chunk's ${levelCount} values`);
    const def = levels.definitionLevels;
    // hyparquet drops the definition levels of a v1 page with no null: all are the maximum.
    if (acc.def) {
      if (def && def.length === count) acc.def.set(def, acc.levels);
      else acc.def.fill(maxDef, acc.levels, acc.levels + count);
    }
    if (acc.rep) acc.rep.set(levels.repetitionLevels, acc.levels);
    acc.levels += count;
    const data = levels.dataPage;
    const dictionaryEncoded = encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';
    if (dictionaryEncoded) {
      if (!dictionary) throw new Error('a dictionary-encoded page comes before any dictionary page');
      const dict = dictionary;
      const out = text ? (acc.ids as Int32Array) : acc.numbers;
      const at = acc.n;
      for (let i = 0; i < data.length; i++) {
        const k = data[i] as number;
        if (k >= dict.length) throw new Error(`dictionary index ${k} out of range (${dict.length} entries)`);
        out[at + i] = dict[k];
      }
      acc.n += data.length;
    } else if (text) {
      const ids = acc.ids as Int32Array;
      for (let i = 0; i < data.length; i++) ids[acc.n + i] = acc.idOf(decodeText(data[i] as Uint8Array));
      acc.n += data.length;
    } else {
      acc.numbers.set(toNumbers(data), acc.n);
      acc.n += data.length;
    }
  }
  return assemble(acc, schemaPath, maxDef, maxRep, rows);
}

function decodeText(v: Uint8Array | string): string {
  return typeof v === 'string' ? v : decoder.decode(v);
}

/** Any decoded page of numbers (or booleans, or 64-bit integers) as float64. */
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
    let valid: Uint8Array | null = null;
    let numbers = acc.numbers;
    let ids = acc.ids;
    if (def && acc.n < rows) {
      // Nulls: spread the values over the rows, nulls as 0 with valid[r] = 0.
      valid = new Uint8Array(rows);
      const spreadN = acc.text ? undefined : new Float64Array(rows);
      const spreadI = acc.text ? new Int32Array(rows) : undefined;
      let k = 0;
      for (let r = 0; r < rows; r++) {
        if (def[r] === maxDef) {
          valid[r] = 1;
          if (spreadN) spreadN[r] = numbers[k++];
          else (spreadI as Int32Array)[r] = (ids as Int32Array)[k++];
        }
      }
      if (spreadN) numbers = spreadN;
      else ids = spreadI;
    }
    if (acc.text) return { kind: 'text', ids: ids as Int32Array, names: acc.names, valid };
    return { kind: 'numbers', values: numbers.subarray(0, rows), valid, offsets: null };
  }
  if (acc.text) throw new Error('a list of strings cannot be an epoch or split column');
  // Definition levels of the list field itself and of its repeated child.
  let d = 0;
  let listDef = 0;
  let repeatedDef = 0;
  for (let i = 1; i < schemaPath.length; i++) {
    if (schemaPath[i].element.repetition_type !== 'REQUIRED') d++;
    if (i === 1) listDef = d;
    if (schemaPath[i].element.repetition_type === 'REPEATED') {
      repeatedDef = d;
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
      r++;
      if (r >= rows) throw new Error(`more lists than the row group's ${rows} rows`);
      offsets[r] = k;
      valid[r] = dl < listDef ? 0 : 1;
    }
    if (dl >= repeatedDef) {
      // The values hold only the elements that are not null.
      if (dl < maxDef) valid[r] = 2;
      else k++;
    }
  }
  if (r !== rows - 1) throw new Error(`${r + 1} lists for ${rows} rows`);
  offsets[rows] = k;
  return { kind: 'numbers', values: acc.numbers, valid, offsets };
}

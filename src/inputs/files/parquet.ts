/**
 * Parquet files, read by position: the footer first (hyparquet parses it), then one row group at
 * a time and only the column chunks the roles need (parquetChunk.ts decodes them), handed to
 * columnar.ts as typed arrays. Memory stays at about one row group's chunks.
 */
import { parquetMetadata, parquetSchema } from 'hyparquet/src/metadata.js';
import { getSchemaPath } from 'hyparquet/src/schema.js';
import type { FileMetaData, SchemaTree } from 'hyparquet/src/types.js';
import { InputError } from '../inputError';
import { computeColumnar, type ColumnarFile, type ColumnarGroup, type ColumnInfo, type GroupColumn } from './columnar';
import { ChunkBuffers, decimalScale, decodeChunk, READABLE_CODECS } from './parquetChunk';
import { randomAccess, ShortRead, type RandomAccess } from './randomAccess';
import type { DataSource, FileComputeOptions, ContainerFacts, FileLossResult } from './types';

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

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
  // The row counts decide what is allocated: they must agree before anything is read.
  let sum = 0;
  metadata.row_groups.forEach((group, g) => {
    const n = Number(group.num_rows);
    if (!Number.isSafeInteger(n) || n < 0) fail(`the Parquet footer is damaged: row group ${g} has ${n} rows`);
    sum += n;
  });
  if (sum !== rows) fail(`the Parquet footer is damaged: its row groups hold ${sum} rows, the file declares ${rows}`);
  // Each column decodes into the same arrays group after group, pass after pass (a pass uses a group
  // up before it reads the next, and one pass ends before the next starts): a worker thread makes a
  // pass for each row group it claims, and fresh arrays each time cost it 8 % of its time.
  const buffers = new Map<number, ChunkBuffers>();
  return {
    format: 'parquet',
    columns,
    bytes: io.size,
    rows,
    groupCount,
    facts: () => parquetFacts(metadata, tree),
    groups: async function* () {
      let firstRow = 0;
      for (let g = 0; g < groupCount; g++) {
        const group = rowGroup(name, io, metadata, tree, g, firstRow, buffers);
        firstRow += group.rows;
        yield group;
      }
    },
  };
}

function parquetFacts(metadata: FileMetaData, tree: SchemaTree): ContainerFacts {
  const codecs = new Set<string>();
  for (const g of metadata.row_groups) for (const c of g.columns) if (c.meta_data) codecs.add(c.meta_data.codec);
  return {
    container: 'Parquet',
    ...(metadata.created_by ? { writer: metadata.created_by } : {}),
    groups: metadata.row_groups.length,
    groupKind: 'row groups',
    compression: [...codecs],
    columns: tree.children.map((node) => ({ name: node.element.name, type: parquetType(node) })),
  };
}

/** A column's type as Parquet tools print it: the physical type and its annotation, LIST<…> for lists. */
function parquetType(node: SchemaTree): string {
  const leaf = listElement(node);
  if (leaf) return `LIST<${parquetType(leaf === node ? { ...node, element: { ...node.element, repetition_type: 'REQUIRED' } } : leaf)}>`;
  if (node.children.length > 0) return 'GROUP';
  const e = node.element;
  const logical = e.logical_type;
  let note: string | undefined;
  if (logical?.type === 'INTEGER') note = `${logical.isSigned ? 'INT' : 'UINT'}${logical.bitWidth}`;
  else if (logical?.type === 'DECIMAL') note = `DECIMAL(${logical.precision}, ${logical.scale})`;
  else if (logical) note = logical.type;
  else if (e.converted_type) note = e.converted_type;
  return `${e.type ?? 'GROUP'}${note ? ` (${note})` : ''}`;
}

function describeBytes(b: Uint8Array): string {
  return JSON.stringify(String.fromCharCode(...b).replace(/[^\x20-\x7e]/g, '·'));
}

/** A top-level field: a plain value, or a LIST of plain values (multi-label). */
function describeColumn(node: SchemaTree): ColumnInfo {
  const name = node.element.name;
  const leaf = listElement(node) ?? node;
  // A bare repeated field is a list too (its own element).
  const list = leaf !== node || node.element.repetition_type === 'REPEATED';
  if (leaf.children.length > 0) return { name, list, text: false, unsupported: 'a nested group (struct or map); expected numbers or a list of numbers' };
  const type = leaf.element.type;
  if (type === 'INT96') return { name, list, text: false, unsupported: 'INT96 timestamps are not numbers' };
  const bytes = type === 'BYTE_ARRAY' || type === 'FIXED_LEN_BYTE_ARRAY';
  if (bytes && decimalScale(leaf) !== undefined) return { name, list, text: false, unsupported: 'a DECIMAL stored as bytes (precision over 18); cast it to DOUBLE' };
  if (bytes && leaf.element.logical_type?.type === 'FLOAT16') return { name, list, text: false, unsupported: 'FLOAT16 is not read; cast it to FLOAT' };
  return { name, list, text: bytes };
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

function rowGroup(name: string, io: RandomAccess, metadata: FileMetaData, tree: SchemaTree, g: number, firstRow: number, buffers: Map<number, ChunkBuffers>): ColumnarGroup {
  const group = metadata.row_groups[g];
  const rows = Number(group.num_rows);
  const label = `row group ${g}`;
  return {
    rows,
    label,
    async read(wanted) {
      // First every column's checks, in the order asked for; then the bytes, in file order.
      const chunks = wanted.map((c) => {
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
        if (!(start >= 0 && length >= 0 && start + length <= io.size)) fail(`the file is cut short: bytes ${start}–${start + length} are past the end of the file (${io.size} bytes)`);
        return { c, leaf, meta, start, length, fail };
      });
      const out = new Map<number, GroupColumn>();
      for (const run of adjacentRuns(chunks)) {
        const first = run[0];
        const last = run[run.length - 1];
        let bytes: Uint8Array;
        try {
          // One read for chunks that follow each other in the file (DuckDB writes a group's columns back to back).
          bytes = await io.readTransient(first.start, last.start + last.length - first.start);
        } catch (e) {
          if (e instanceof ShortRead) return first.fail(`the file is cut short: ${e.message}`);
          throw e;
        }
        for (const { c, leaf, meta, start, length, fail } of run) {
          try {
            let reuse = buffers.get(c);
            if (!reuse) buffers.set(c, (reuse = new ChunkBuffers()));
            out.set(c, decodeChunk(bytes.subarray(start - first.start, start - first.start + length), meta, getSchemaPath(metadata.schema, leaf.path), rows, reuse));
          } catch (e) {
            if (e instanceof InputError) throw e;
            return fail(`damaged data (${(e as Error).message})`);
          }
        }
      }
      return out;
    },
  };
}

/** Byte ranges sorted by start and grouped where each begins exactly where the last ended. */
function adjacentRuns<T extends { start: number; length: number }>(ranges: readonly T[]): T[][] {
  const runs: T[][] = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (last && last.start + last.length === r.start) run.push(r);
    else runs.push([r]);
  }
  return runs;
}

/**
 * Arrow IPC files (`.arrow`, Feather v2 `.feather`) and streams (`.arrows`), decoded by flechette:
 * dictionary columns, nulls, lists, LZ4_FRAME and ZSTD body compression. One record batch at a
 * time: a file by position (its footer says where each message is), a stream message after
 * message; each batch becomes a one-batch table, then typed arrays and rows (columnar.ts).
 */
// flechette's modules by path, all of them: its package entry is a separate bundle whose codec
// registry the decoders here would not see.
import type { Batch } from '@uwdata/flechette/src/batch.js';
import type { Column } from '@uwdata/flechette/src/column.js';
import { setCompressionCodec } from '@uwdata/flechette/src/compression.js';
import { CompressionType, MessageHeader, Precision, Type, Version } from '@uwdata/flechette/src/constants.js';
import { decodeBlocks } from '@uwdata/flechette/src/decode/block.js';
import { decodeMessage } from '@uwdata/flechette/src/decode/message.js';
import { decodeSchema } from '@uwdata/flechette/src/decode/schema.js';
import { createTable } from '@uwdata/flechette/src/decode/table-from-ipc.js';
import type { Table } from '@uwdata/flechette/src/table.js';
import type { DataType, DictionaryBatch, Message, RecordBatch, Schema, Version_ } from '@uwdata/flechette/src/types.js';
import { readInt16, readInt32, readInt64, readObject } from '@uwdata/flechette/src/util/read.js';
import { decompress as zstd } from 'fzstd';
import { InputError } from '../inputError';
import { decodeLz4Frame } from './lz4Frame';
import { checkFooter, checkMessage, checkMessageAt } from './arrowBounds';
import { computeColumnar, type ColumnarFile, type ColumnInfo, type GroupColumn, type NumberColumn } from './columnar';
import { randomAccess, ShortRead, type RandomAccess } from './randomAccess';
import type { DataSource, FileComputeOptions, ContainerFacts, FileLossResult } from './types';
import { checkAbort, concatBytes } from './util';

const FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // ARROW1

/** An IPC file (ARROW1) or a stream (each message starts with the continuation marker 0xFFFFFFFF). */
export function isArrow(head: Uint8Array): boolean {
  return FILE_MAGIC.every((b, i) => head[i] === b) || (head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff);
}

let codecsSet = false;
/** flechette decodes compressed bodies with the codecs it is given (once per process); nothing here writes. */
function useCodecs(): void {
  if (codecsSet) return;
  codecsSet = true;
  const readOnly = () => {
    throw new Error('BCE Lens only reads Arrow data');
  };
  setCompressionCodec(CompressionType.LZ4_FRAME, {
    decode: (bytes, length) => decodeLz4Frame(bytes, length),
    encode: readOnly,
  });
  setCompressionCodec(CompressionType.ZSTD, { decode: (bytes) => zstd(bytes), encode: readOnly });
}

export async function computeArrow(source: DataSource, options: FileComputeOptions): Promise<FileLossResult> {
  const file = await openArrow(source, options.signal);
  return computeColumnar(source.name, file, options);
}

export async function openArrow(source: DataSource, signal: AbortSignal | undefined): Promise<ColumnarFile> {
  const name = source.name;
  const fail = (message: string, row = 0, column = 0): never => {
    throw new InputError({ source: name, line: row + 1, column: column + 1 }, message);
  };
  const damaged = (e: unknown, where = ''): never => {
    if (e instanceof InputError || (e as Error | undefined)?.name === 'AbortError') throw e;
    const why = e instanceof ShortRead ? e.message : (e as Error).message;
    return fail(`the Arrow data is damaged or cut short${where} (${why})`);
  };
  useCodecs();
  let head: Uint8Array;
  let io: RandomAccess | undefined;
  if (source.read && source.size !== undefined) {
    io = await randomAccess(source, signal);
    head = await io.read(0, Math.min(8, io.size));
  } else {
    head = new Uint8Array(0);
    for await (const chunk of source.chunks()) {
      head = chunk.slice(0, 8);
      break;
    }
  }
  if (!isArrow(head)) {
    fail(`not an Arrow IPC file or stream: it starts with neither "ARROW1" nor the stream marker 0xFFFFFFFF (found ${JSON.stringify(String.fromCharCode(...head.subarray(0, 6)).replace(/[^\x20-\x7e]/g, '·'))}); if it is a CSV or another format, rename it or choose --format`);
  }
  let messages: IpcMessages;
  try {
    messages = head[0] === 0xff ? await streamMessages(source, signal) : await fileMessages(io ?? (await randomAccess(source, signal)));
  } catch (e) {
    return damaged(e);
  }
  const schema = messages.schema;
  const unnamed = schema.fields.findIndex((f) => typeof f.name !== 'string');
  if (unnamed >= 0) fail(`the Arrow schema is damaged: field ${unnamed} has no name`);
  const columns: ColumnInfo[] = schema.fields.map((f) => describe(f.name, f.type));
  const stream = head[0] === 0xff;
  const codecs = new Set<string>();
  let batchesRead = 0;
  return {
    ...(stream ? { once: true } : {}),
    facts: (): ContainerFacts => ({
      container: stream ? 'Arrow IPC stream' : 'Arrow IPC file',
      groups: stream ? batchesRead : messages.count,
      groupKind: 'record batches',
      compression: codecs.size > 0 ? [...codecs] : ['UNCOMPRESSED'],
      columns: schema.fields.map((f) => ({ name: f.name, type: arrowType(f.type) })),
    }),
    format: 'arrow',
    columns,
    bytes: messages.bytes,
    rows: messages.rows,
    groupCount: messages.count,
    groups: async function* () {
      let firstRow = 0;
      const it = messages.batches()[Symbol.asyncIterator]();
      for (let b = 0; ; b++) {
        const label = `record batch ${b}`;
        let next: IteratorResult<{ record: RecordBatch; dictionaries: DictionaryBatch[] }>;
        try {
          next = await it.next();
        } catch (e) {
          return damaged(e, ` in ${label}`);
        }
        if (next.done) return;
        const batch = next.value;
        batchesRead = Math.max(batchesRead, b + 1);
        const codec = batch.record.compression?.codec;
        codecs.add(codec === undefined ? 'UNCOMPRESSED' : (Object.keys(CompressionType).find((k) => CompressionType[k as keyof typeof CompressionType] === codec) ?? String(codec)));
        const at = firstRow;
        let table: Table;
        try {
          // One record batch as a table, with the dictionaries sent before it.
          table = createTable({ schema, dictionaries: batch.dictionaries, records: [batch.record], dictsBeforeRecord: [batch.dictionaries.length], metadata: null }, { useBigInt: false, useDate: false, useDecimalInt: false });
        } catch (e) {
          return damaged(e, ` in ${label}`);
        }
        const rows = table.numRows;
        if (!Number.isSafeInteger(rows) || rows < 0) return fail(`the Arrow data is damaged in ${label}: it declares ${rows} rows`, at);
        firstRow += rows;
        yield {
          rows,
          label,
          read: async (wanted: readonly number[]) => {
            const out = new Map<number, GroupColumn>();
            for (const c of wanted) {
              try {
                out.set(c, convert(table.children[c] as Column<unknown>, 0, columns[c]));
              } catch (e) {
                fail(`${label}, column ${JSON.stringify(columns[c].name)}: damaged data (${(e as Error).message})`, at, c);
              }
            }
            return out;
          },
        };
      }
    },
  };
}

interface IpcMessages {
  schema: Schema;
  bytes: number;
  /** Rows and record batches in all when the footer tells (IPC files); 0 for streams. */
  rows: number;
  count: number;
  batches(): AsyncIterable<{ record: RecordBatch; dictionaries: DictionaryBatch[] }>;
}

/** An IPC file by position: the footer lists the schema and where each message is. */
async function fileMessages(io: RandomAccess): Promise<IpcMessages> {
  const MAGIC_BYTES = FILE_MAGIC.length;
  if (io.size < 2 * MAGIC_BYTES + 4) throw new ShortRead(`${io.size} bytes is too short for an Arrow file`);
  const tail = await io.read(io.size - MAGIC_BYTES - 4, MAGIC_BYTES + 4);
  if (!FILE_MAGIC.every((b, i) => tail[4 + i] === b)) throw new ShortRead('the file does not end with "ARROW1", so its footer is missing');
  const length = readInt32(tail, 0);
  if (length <= 0 || length + 2 * MAGIC_BYTES + 4 > io.size) throw new Error(`a footer of ${length} bytes`);
  const footer = await io.read(io.size - MAGIC_BYTES - 4 - length, length);
  checkFooter(footer);
  //  4: version, 6: schema, 8: dictionaries, 10: record batches (flatbuffers fields of the Footer)
  const get = readObject(footer, 0);
  const version = get(4, readInt16, Version.V1) as Version_;
  const schema = get(6, (buf, index) => decodeSchema(buf, index, version));
  if (!schema) throw new Error('the footer has no schema');
  const dictBlocks = get(8, decodeBlocks, []) ?? [];
  const recordBlocks = get(10, decodeBlocks, []) ?? [];
  /** A message of the file; `transient`: read into the reader's reused buffer, valid until the next such read. */
  const message = async (block: { offset: number; metadataLength: number; bodyLength: number }, transient = false) => {
    const length = block.metadataLength + block.bodyLength;
    const bytes = transient ? await io.readTransient(block.offset, length) : await io.read(block.offset, length);
    checkMessageAt(bytes);
    return decodeMessage(bytes, 0);
  };
  // Dictionaries are read up front (they are small next to the batches that index them).
  const dictionaries: { offset: number; batch: DictionaryBatch }[] = [];
  for (const block of dictBlocks) dictionaries.push({ offset: block.offset, batch: (await message(block)).content as DictionaryBatch });
  return {
    schema,
    bytes: io.size,
    rows: 0,
    count: recordBlocks.length,
    batches: async function* () {
      for (const block of recordBlocks) {
        // A record batch is used up before the next is read (columnar.ts): its bytes go into one
        // reused buffer. A fresh array a batch faulted its pages in: 35 % of a 10⁷-row Feather file's time.
        const m = await message(block, true);
        if (m.type !== MessageHeader.RecordBatch) throw new Error(`a block of the footer points at a message of type ${m.type}, not a record batch`);
        yield { record: m.content as RecordBatch, dictionaries: dictionaries.filter((d) => d.offset < block.offset).map((d) => d.batch) };
      }
    },
  };
}

/** An IPC stream, message after message as the chunks arrive. */
async function streamMessages(source: DataSource, signal: AbortSignal | undefined): Promise<IpcMessages> {
  const bytes = new ByteQueue(source.chunks()[Symbol.asyncIterator](), signal);
  /** The next message (its prefix, metadata and body), or null at the end of the stream. */
  const next = async (): Promise<Message | null> => {
    const prefix = await bytes.take(4, true);
    if (!prefix) return null;
    let metaLength = readInt32(prefix, 0);
    let lead = prefix;
    if (metaLength === -1) {
      const more = await bytes.take(4, true);
      if (!more) return null;
      metaLength = readInt32(more, 0);
      lead = concatBytes([prefix, more]);
    }
    if (metaLength === 0) return null;
    const meta = await bytes.take(metaLength, false);
    checkMessage(meta as Uint8Array);
    //  10: bodyLength (a field of the Message flatbuffer)
    const bodyLength = readObject(meta as Uint8Array, 0)(10, readInt64, 0) ?? 0;
    const body = bodyLength > 0 ? await bytes.take(bodyLength, false) : new Uint8Array(0);
    return decodeMessage(concatBytes([lead, meta as Uint8Array, body as Uint8Array]), 0);
  };
  const first = await next();
  if (!first || first.type !== MessageHeader.Schema) throw new Error('the stream does not start with a schema message');
  const schema = first.content as Schema;
  return {
    schema,
    bytes: source.size ?? 0,
    rows: 0,
    count: 0,
    batches: async function* () {
      const dictionaries: DictionaryBatch[] = [];
      for (let m = await next(); m; m = await next()) {
        if (m.type === MessageHeader.DictionaryBatch) dictionaries.push(m.content as DictionaryBatch);
        else if (m.type === MessageHeader.RecordBatch) yield { record: m.content as RecordBatch, dictionaries: [...dictionaries] };
      }
    },
  };
}


/** Exact byte counts from a stream of chunks (chunks may be views of a reused buffer: copied). */
class ByteQueue {
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;

  constructor(
    private readonly it: AsyncIterator<Uint8Array>,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** n bytes; at the end of the stream null when `endOk` and nothing was taken, else an error. */
  async take(n: number, endOk: boolean): Promise<Uint8Array | null> {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`a message declares ${n} bytes`);
    // Kept as the pieces that arrive, joined at the end: a damaged length costs only the bytes the stream really has.
    const parts: Uint8Array[] = [];
    let got = 0;
    while (got < n) {
      if (this.at >= this.chunk.byteLength) {
        checkAbort(this.signal);
        const r = await this.it.next();
        if (r.done) {
          if (endOk && got === 0) return null;
          throw new ShortRead(`the stream ends inside a message (${got} of ${n} bytes)`);
        }
        this.chunk = r.value;
        this.at = 0;
      }
      const k = Math.min(n - got, this.chunk.byteLength - this.at);
      parts.push(this.chunk.slice(this.at, this.at + k));
      got += k;
      this.at += k;
    }
    return parts.length === 1 ? parts[0] : concatBytes(parts);
  }
}

const TEXT_TYPES = new Set<number>([Type.Utf8, Type.LargeUtf8, Type.Utf8View]);
const LIST_TYPES = new Set<number>([Type.List, Type.LargeList, Type.FixedSizeList, Type.ListView, Type.LargeListView]);
const NUMBER_TYPES = new Set<number>([Type.Int, Type.Float, Type.Bool, Type.Decimal]);

function valueType(t: DataType): DataType {
  return t.typeId === Type.Dictionary ? (t as { dictionary: DataType }).dictionary : t;
}

function describe(name: string, type: DataType): ColumnInfo {
  const t = valueType(type);
  if (LIST_TYPES.has(t.typeId)) {
    const child = valueType((t as { children: { type: DataType }[] }).children[0].type);
    if (!NUMBER_TYPES.has(child.typeId)) return { name, list: true, text: false, unsupported: 'a list of values that are not numbers' };
    return { name, list: true, text: false };
  }
  if (TEXT_TYPES.has(t.typeId)) return { name, list: false, text: true };
  if (NUMBER_TYPES.has(t.typeId)) return { name, list: false, text: false };
  return { name, list: false, text: false, unsupported: `Arrow type ${Object.keys(Type).find((k) => Type[k as keyof typeof Type] === t.typeId) ?? t.typeId} is not a number` };
}

/** An Arrow type as pyarrow prints it: int8, double, dictionary<values=string>, list<double>. */
function arrowType(t: DataType): string {
  const x = t as { typeId: number; bitWidth?: number; signed?: boolean; precision?: number; dictionary?: DataType; children?: { type: DataType }[] };
  switch (x.typeId) {
    case Type.Int:
      return `${x.signed ? 'int' : 'uint'}${x.bitWidth}`;
    case Type.Float:
      return x.precision === Precision.HALF ? 'halffloat' : x.precision === Precision.SINGLE ? 'float' : 'double';
    case Type.Bool:
      return 'bool';
    case Type.Utf8:
    case Type.Utf8View:
      return 'string';
    case Type.LargeUtf8:
      return 'large_string';
    case Type.Dictionary:
      return `dictionary<values=${arrowType(x.dictionary as DataType)}>`;
  }
  if (LIST_TYPES.has(x.typeId) && x.children?.[0]) return `list<${arrowType(x.children[0].type)}>`;
  return (Object.keys(Type).find((k) => Type[k as keyof typeof Type] === x.typeId) ?? String(x.typeId)).toLowerCase();
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : NaN;
}

/** One record batch of a column as typed arrays. */
function convert(column: Column<unknown>, b: number, info: ColumnInfo): GroupColumn {
  const batch = column.data[b] as Batch<unknown>;
  const n = batch.length;
  let valid: Uint8Array | null = null;
  if (batch.nullCount > 0) {
    valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) valid[i] = batch.isValid(i) ? 1 : 0;
  }
  if (info.text) {
    const ids = new Int32Array(n);
    const names: string[] = [];
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) continue;
      const s = String(batch.value(i));
      let id = index.get(s);
      if (id === undefined) {
        id = names.length;
        names.push(s);
        index.set(s, id);
      }
      ids[i] = id;
    }
    return { kind: 'text', ids, names, valid };
  }
  if (info.list) {
    checkLists(batch, n);
    const offsets = new Int32Array(n + 1);
    const parts: number[] = [];
    for (let i = 0; i < n; i++) {
      offsets[i] = parts.length;
      if (valid && !valid[i]) continue;
      const list = batch.value(i) as ArrayLike<unknown>;
      for (let j = 0; j < list.length; j++) {
        if (list[j] === null || list[j] === undefined) {
          (valid ??= new Uint8Array(n).fill(1))[i] = 2;
          break;
        }
        parts.push(toNumber(list[j]));
      }
    }
    offsets[n] = parts.length;
    const out: NumberColumn = { kind: 'numbers', values: Float64Array.from(parts), valid, offsets };
    return out;
  }
  // Floats and integers of up to 32 bits are their values buffer (float16 and int64 are not).
  const raw = batch.values as unknown;
  const t = batch.type.typeId;
  const direct =
    (t === Type.Float && (raw instanceof Float64Array || raw instanceof Float32Array)) ||
    (t === Type.Int && (raw instanceof Int32Array || raw instanceof Int16Array || raw instanceof Int8Array || raw instanceof Uint32Array || raw instanceof Uint16Array || raw instanceof Uint8Array));
  if (direct) {
    if ((raw as Float64Array).length < n) throw new Error(`${n} rows but ${(raw as Float64Array).length} values`);
    const typed = (raw as Float64Array).subarray(0, n);
    return { kind: 'numbers', values: typed instanceof Float64Array ? typed : Float64Array.from(typed), valid, offsets: null };
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = valid && !valid[i] ? 0 : toNumber(batch.value(i));
  return { kind: 'numbers', values, valid, offsets: null };
}

/**
 * A list batch's offsets (or fixed size) stay inside its child values: flechette builds each list as
 * an array of the length the offsets say, so a damaged offset would allocate without bound.
 */
function checkLists(batch: Batch<unknown>, n: number): void {
  const { offsets, children, stride } = batch as unknown as { offsets?: ArrayLike<number | bigint>; children?: Batch<unknown>[]; stride?: number };
  const values = children?.[0]?.length ?? 0;
  if (offsets) {
    if (offsets.length < n + 1) throw new Error(`${n} lists but ${offsets.length} offsets`);
    let last = 0;
    for (let i = 0; i <= n; i++) {
      const at = Number(offsets[i]);
      if (!(at >= last && at <= values)) throw new Error(`list ${i} starts at ${at}, outside the ${values} values`);
      last = at;
    }
  } else if (stride !== undefined && !(stride >= 0 && stride * n <= values)) throw new Error(`${n} lists of ${stride} need more than the ${values} values`);
}

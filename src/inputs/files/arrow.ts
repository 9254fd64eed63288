/**
 * Arrow IPC files (`.arrow`, Feather v2 `.feather`) and streams (`.arrows`), read by flechette:
 * record batches in order, dictionary columns, nulls, LZ4_FRAME and ZSTD body compression.
 * flechette decodes from one buffer, so the file is read whole; each record batch is then turned
 * into typed arrays and rows one batch at a time (columnar.ts).
 */
import { CompressionType, Type, setCompressionCodec, tableFromIPC, type Batch, type Column, type DataType, type Table } from '@uwdata/flechette';
import { decompress as zstd } from 'fzstd';
import { compress as lz4Compress, decompressFrame } from 'lz4js';
import { InputError } from '../inputError';
import { computeColumnar, type ColumnarFile, type ColumnInfo, type GroupColumn, type NumberColumn } from './columnar';
import { randomAccess } from './randomAccess';
import type { DataSource, FileComputeOptions, FileLossResult } from './types';

const FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // ARROW1

/** An IPC file (ARROW1) or a stream (each message starts with the continuation marker 0xFFFFFFFF). */
export function isArrow(head: Uint8Array): boolean {
  return FILE_MAGIC.every((b, i) => head[i] === b) || (head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff);
}

let codecsSet = false;
/** flechette decodes compressed bodies with the codecs it is given (once per process). */
function useCodecs(): void {
  if (codecsSet) return;
  codecsSet = true;
  setCompressionCodec(CompressionType.LZ4_FRAME, {
    decode: (bytes, length) => {
      const out = new Uint8Array(length);
      const n = decompressFrame(bytes, out);
      if (n !== length) throw new Error(`an LZ4 frame gave ${n} bytes, expected ${length}`);
      return out;
    },
    encode: (bytes) => lz4Compress(bytes),
  });
  setCompressionCodec(CompressionType.ZSTD, {
    decode: (bytes) => zstd(bytes),
    encode: () => {
      throw new Error('zstd compression is not available');
    },
  });
}

export async function computeArrow(source: DataSource, options: FileComputeOptions): Promise<FileLossResult> {
  const file = await openArrow(source, options.signal);
  return computeColumnar(source.name, file, options);
}

export async function openArrow(source: DataSource, signal: AbortSignal | undefined): Promise<ColumnarFile> {
  const name = source.name;
  const fail = (message: string): never => {
    throw new InputError({ source: name, line: 1, column: 1 }, message);
  };
  const io = await randomAccess(source, signal);
  const bytes = await io.read(0, io.size);
  if (!isArrow(bytes.subarray(0, 8))) {
    fail(`not an Arrow IPC file or stream: it starts with neither "ARROW1" nor the stream marker 0xFFFFFFFF (found ${JSON.stringify(String.fromCharCode(...bytes.subarray(0, 6)).replace(/[^\x20-\x7e]/g, '·'))}); if it is a CSV or another format, rename it or choose --format`);
  }
  useCodecs();
  let table: Table;
  try {
    table = tableFromIPC(bytes, { useBigInt: false, useDate: false, useDecimalInt: false });
  } catch (e) {
    return fail(`the Arrow data is damaged or cut short (${(e as Error).message})`);
  }
  const fields = table.schema.fields;
  const columns: ColumnInfo[] = fields.map((f) => describe(f.name, f.type));
  const batches = table.children[0]?.data.length ?? 0;
  return {
    format: 'arrow',
    columns,
    bytes: io.size,
    rows: table.numRows,
    groupCount: batches,
    groups: async function* () {
      let firstRow = 0;
      for (let b = 0; b < batches; b++) {
        const rows = table.children[0].data[b].length;
        const label = `record batch ${b}`;
        const at = firstRow;
        firstRow += rows;
        yield {
          rows,
          label,
          read: async (wanted) => {
            const out = new Map<number, GroupColumn>();
            for (const c of wanted) {
              try {
                out.set(c, convert(table.children[c] as Column<unknown>, b, columns[c]));
              } catch (e) {
                throw new InputError({ source: name, line: at + 1, column: c + 1 }, `${label}, column ${JSON.stringify(columns[c].name)}: damaged data (${(e as Error).message})`);
              }
            }
            return out;
          },
        };
      }
    },
  };
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
    const typed = (raw as Float64Array).subarray(0, n);
    return { kind: 'numbers', values: typed instanceof Float64Array ? typed : Float64Array.from(typed), valid, offsets: null };
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = valid && !valid[i] ? 0 : toNumber(batch.value(i));
  return { kind: 'numbers', values, valid, offsets: null };
}

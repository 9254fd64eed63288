/**
 * NumPy files, streamed: `.npy` (format 1–3, any byte order, float f2/f4/f8, ints i1–i8/u1–u8,
 * bool b1; C or Fortran order; 1-D or 2-D) and `.npz` (stored or deflated members, found by role
 * name). Arrays are read element by element in lockstep, each from its own pass over the source
 * (a Fortran-ordered column, or another .npz member, starts elsewhere in the file), so memory stays
 * flat. For these files an error's "line" is the sample (row) number and its "column" the label.
 */
import { InputError, quote, type SourcePlace } from '../inputError';
import { resolveColumns, type ColumnPlan } from './columns';
import { inflateChunks, InflateError } from './inflateStream';
import { passStreams, runLanes, RowSink, type PassOutcome } from './lanes';
import { planLanes } from './pass';
import { memberHeads } from './zipHeads';
import type { DataSource, FileComputeOptions, FileLossResult } from './types';
import { abortError } from './util';

export interface NpyDtype {
  /** f float, i signed int, u unsigned int, b bool */
  kind: 'f' | 'i' | 'u' | 'b';
  size: number;
  little: boolean;
  descr: string;
}

export interface NpyHeader {
  dtype: NpyDtype;
  fortran: boolean;
  shape: number[];
  /** Offset of the data from the start of the .npy bytes. */
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses an .npy header from its first bytes; undefined when more bytes are needed. */
export function parseNpyHeader(b: Uint8Array, name: string, fail: (message: string, offset: number) => never): NpyHeader | undefined {
  if (b.length < 10) return undefined;
  for (let i = 0; i < 6; i++) if (b[i] !== MAGIC[i]) fail(`not a .npy file: expected the magic string "\\x93NUMPY" at the start`, i);
  const major = b[6];
  if (major < 1 || major > 3) fail(`unsupported .npy format version ${major}.${b[7]} (expected 1, 2 or 3)`, 6);
  const lenBytes = major === 1 ? 2 : 4;
  if (b.length < 8 + lenBytes) return undefined;
  const headerLen = major === 1 ? b[8] | (b[9] << 8) : (b[8] | (b[9] << 8) | (b[10] << 16)) + b[11] * 16777216;
  const start = 8 + lenBytes;
  if (b.length < start + headerLen) {
    if (headerLen > 1 << 20) fail(`the .npy header claims ${headerLen} bytes`, 8);
    return undefined;
  }
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(b.subarray(start, start + headerLen));
  const descrMatch = /'descr'\s*:\s*('([^']*)'|\[)/.exec(text);
  if (!descrMatch) fail(`the .npy header has no 'descr' (found ${quote(text)})`, start);
  if (descrMatch[1] === '[') fail(`structured .npy arrays (a list of fields in 'descr') are not supported: save y_true and y_pred as plain arrays, e.g. with np.savez`, start + descrMatch.index);
  const descr = descrMatch[2];
  const dtype = parseDescr(descr, (m) => fail(m, start + descrMatch.index));
  const fortranMatch = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  if (!fortranMatch) fail(`the .npy header has no 'fortran_order'`, start);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shapeMatch) fail(`the .npy header has no 'shape'`, start);
  const shape = shapeMatch[1]
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s !== '')
    .map((s) => Number(s));
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`bad shape (${shapeMatch[1]}) in the .npy header`, start + shapeMatch.index);
  void name;
  return { dtype, fortran: fortranMatch[1] === 'True', shape, dataOffset: start + headerLen };
}

function parseDescr(descr: string, fail: (message: string) => never): NpyDtype {
  const m = /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(descr);
  if (!m) return fail(`unsupported dtype ${quote(descr)}`);
  const [, order, code, digits] = m;
  if (code === 'O') return fail(`dtype ${quote(descr)} holds Python objects (pickled), which cannot be read safely; save numeric arrays (e.g. y.astype(float))`);
  if (code === 'U' || code === 'S' || code === 'a') return fail(`dtype ${quote(descr)} holds strings; labels must be numbers 0/1 (class names are read only from .json files, with the sklearn semantics)`);
  const kind = code === '?' ? 'b' : code;
  const size = code === '?' ? 1 : Number(digits);
  const ok = (kind === 'f' && [2, 4, 8].includes(size)) || ((kind === 'i' || kind === 'u') && [1, 2, 4, 8].includes(size)) || (kind === 'b' && size === 1);
  if (!ok) return fail(`unsupported dtype ${quote(descr)}: expected float (f2, f4, f8), integer (i1…i8, u1…u8) or bool (b1)`);
  const little = order === '>' ? false : order === '<' || order === '|' ? true : new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  return { kind: kind as NpyDtype['kind'], size, little, descr };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * Math.pow(2, -24);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * Math.pow(2, exp - 15);
}

/** Reads elements of one dtype from a stream of byte chunks, across chunk boundaries. */
export class ElementReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(this.chunk.buffer);
  private pos = 0;
  private readonly partial = new Uint8Array(8);
  private readonly partialView = new DataView(this.partial.buffer);
  private done = false;

  constructor(
    private readonly it: AsyncIterator<Uint8Array>,
    readonly dtype: NpyDtype,
    private readonly onEnd: () => never,
  ) {}

  private decode(v: DataView, at: number): number {
    const d = this.dtype;
    const le = d.little;
    switch (d.kind) {
      case 'f':
        return d.size === 8 ? v.getFloat64(at, le) : d.size === 4 ? v.getFloat32(at, le) : halfToFloat(v.getUint16(at, le));
      case 'b':
        return v.getUint8(at) === 0 ? 0 : 1;
      case 'i':
        if (d.size === 1) return v.getInt8(at);
        if (d.size === 2) return v.getInt16(at, le);
        if (d.size === 4) return v.getInt32(at, le);
        return le ? v.getInt32(at + 4, true) * 4294967296 + v.getUint32(at, true) : v.getInt32(at, false) * 4294967296 + v.getUint32(at + 4, false);
      case 'u':
        if (d.size === 1) return v.getUint8(at);
        if (d.size === 2) return v.getUint16(at, le);
        if (d.size === 4) return v.getUint32(at, le);
        return le ? v.getUint32(at + 4, true) * 4294967296 + v.getUint32(at, true) : v.getUint32(at, false) * 4294967296 + v.getUint32(at + 4, false);
    }
  }

  private async next(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      return false;
    }
    this.chunk = r.value;
    this.view = new DataView(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    this.pos = 0;
    return true;
  }

  /** Reads `count` elements into out[offset + k·stride]. */
  async read(out: Float64Array, offset: number, stride: number, count: number): Promise<void> {
    const size = this.dtype.size;
    const fast = this.dtype.kind === 'f' && size === 8;
    const le = this.dtype.little;
    let k = 0;
    while (k < count) {
      const available = ((this.chunk.length - this.pos) / size) | 0;
      const take = Math.min(available, count - k);
      const v = this.view;
      let at = this.pos;
      if (fast) {
        for (let i = 0; i < take; i++, at += 8) out[offset + (k + i) * stride] = v.getFloat64(at, le);
      } else {
        for (let i = 0; i < take; i++, at += size) out[offset + (k + i) * stride] = this.decode(v, at);
      }
      this.pos = at;
      k += take;
      if (k === count) return;
      // An element split between chunks.
      let have = this.chunk.length - this.pos;
      this.partial.set(this.chunk.subarray(this.pos));
      this.pos = this.chunk.length;
      while (have < size) {
        if (!(await this.next())) this.onEnd();
        const want = Math.min(size - have, this.chunk.length);
        this.partial.set(this.chunk.subarray(0, want), have);
        have += want;
        this.pos = want;
      }
      if (have === size && size > 0) {
        out[offset + k * stride] = this.decode(this.partialView, 0);
        k++;
      }
      if (this.pos >= this.chunk.length && k < count && !(await this.next())) this.onEnd();
    }
  }

  close(): void {
    void this.it.return?.();
  }
}

/** The bytes of the source from `offset` on (at most `length` of them). */
async function* bytesFrom(source: DataSource, offset: number, length: number, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  let seen = 0;
  let left = length;
  for await (const chunk of source.chunks()) {
    if (signal?.aborted) throw abortError();
    const end = seen + chunk.byteLength;
    if (end > offset && left > 0) {
      const from = Math.max(0, offset - seen);
      const part = chunk.subarray(from, Math.min(chunk.byteLength, from + left));
      left -= part.byteLength;
      yield part;
      if (left <= 0) return;
    }
    seen = end;
  }
}

// --- zip -----------------------------------------------------------------------------------------

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Where the data starts (after the local header), once read. */
  dataOffset?: number;
}

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 16777216;
}
function u64(b: Uint8Array, i: number): number {
  return u32(b, i) + u32(b, i + 4) * 4294967296;
}

/** The zip's central directory (read from the tail of one pass over the file). */
async function zipEntries(source: DataSource, fail: (message: string) => never, options: Pick<FileComputeOptions, 'signal' | 'onProgress'>): Promise<{ entries: ZipEntry[]; bytes: number }> {
  const TAIL = 1 << 20;
  let tail = new Uint8Array(0);
  let total = 0;
  for await (const chunk of source.chunks()) {
    if (options.signal?.aborted) throw abortError();
    total += chunk.byteLength;
    const keep = Math.min(TAIL, tail.length + chunk.byteLength);
    const next = new Uint8Array(keep);
    const fromChunk = Math.min(chunk.byteLength, keep);
    next.set(tail.subarray(tail.length - (keep - fromChunk)), 0);
    next.set(chunk.subarray(chunk.byteLength - fromChunk), keep - fromChunk);
    tail = next;
  }
  const base = total - tail.length;
  let eocd = -1;
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 65535); i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 5 && tail[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail('not a zip archive (.npz): no end of central directory record');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff || cdSize === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(tail, loc) !== 0x07064b50) fail('zip64 archive without a zip64 locator');
    const z = u64(tail, loc + 8) - base;
    if (z < 0 || u32(tail, z) !== 0x06064b50) fail('zip64 end of central directory not found');
    count = u64(tail, z + 32);
    cdSize = u64(tail, z + 40);
    cdOffset = u64(tail, z + 48);
  }
  let p = cdOffset - base;
  if (p < 0 || p + cdSize > tail.length) {
    // A directory of many members, longer than the tail kept: one more pass reads just it.
    if (cdOffset + cdSize > total) fail('damaged zip: the central directory lies past the end of the file');
    const cd = new Uint8Array(cdSize);
    let have = 0;
    for await (const part of bytesFrom(source, cdOffset, cdSize, options.signal)) {
      cd.set(part, have);
      have += part.length;
    }
    tail = cd;
    p = 0;
  }
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (u32(tail, p) !== 0x02014b50) fail('damaged zip central directory');
    const method = u16(tail, p + 10);
    let compressedSize = u32(tail, p + 20);
    let size = u32(tail, p + 24);
    const nameLen = u16(tail, p + 28);
    const extraLen = u16(tail, p + 30);
    const commentLen = u16(tail, p + 32);
    let localOffset = u32(tail, p + 42);
    const name = decoder.decode(tail.subarray(p + 46, p + 46 + nameLen));
    // zip64 extra field: the 8-byte values of the fields set to 0xFFFFFFFF, in order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = u16(tail, e);
      const len = u16(tail, e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = u64(tail, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(tail, q);
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(tail, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size, localOffset });
    p = extraEnd + commentLen;
  }
  return { entries, bytes: total };
}

/** A member's uncompressed bytes, streamed (deflated members through fflate). */
async function* memberBytes(source: DataSource, entry: ZipEntry, fail: (message: string) => never, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  if (entry.method !== 0 && entry.method !== 8) fail(`${entry.name}: zip compression method ${entry.method} is not supported (only stored and deflated)`);
  // The local header's name and extra fields may differ in length from the central directory's.
  let dataOffset = entry.dataOffset;
  if (dataOffset === undefined) {
    const head = new Uint8Array(30);
    let have = 0;
    for await (const part of bytesFrom(source, entry.localOffset, 30, signal)) {
      head.set(part, have);
      have += part.length;
    }
    if (have < 30 || u32(head, 0) !== 0x04034b50) fail(`${entry.name}: damaged zip local header`);
    dataOffset = entry.localOffset + 30 + u16(head, 26) + u16(head, 28);
  }
  const data = bytesFrom(source, dataOffset, entry.compressedSize, signal);
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) fail(`${entry.name}: a stored member of ${entry.compressedSize} bytes, but the zip header declares ${entry.size} uncompressed`);
    yield* data;
    return;
  }
  try {
    yield* inflateChunks(data, entry.compressedSize, entry.size);
  } catch (e) {
    if (e instanceof InflateError) fail(`${entry.name}: ${e.message}`);
    throw e;
  }
}

// --- arrays to rows ------------------------------------------------------------------------------

/** One array (an .npy or an .npz member) and how to reach its bytes. */
interface ArrayInfo {
  name: string;
  header: NpyHeader;
  /** Its bytes from the start of the .npy content. */
  open(): AsyncIterator<Uint8Array>;
}

/** Reads the .npy header at the start of a byte stream. */
async function readHeader(open: () => AsyncIterator<Uint8Array>, name: string, failAt: (message: string, offset: number) => never): Promise<NpyHeader> {
  const it = open();
  let head = new Uint8Array(0);
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      const joined = new Uint8Array(head.length + r.value.length);
      joined.set(head);
      joined.set(r.value, head.length);
      head = joined;
      const h = parseNpyHeader(head, name, failAt);
      if (h) return h;
      if (head.length > 1 << 21) break;
    }
  } finally {
    void it.return?.();
  }
  const h = parseNpyHeader(head, name, failAt);
  if (h) return h;
  return failAt(head.length < 6 ? 'the file is empty or too short to be a .npy' : 'the .npy header is cut short', head.length);
}

/** An iterator over bytes [start, ∞) of a byte stream. */
async function* skipBytes(open: () => AsyncIterator<Uint8Array>, start: number): AsyncGenerator<Uint8Array> {
  const it = open();
  let seen = 0;
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      const end = seen + r.value.length;
      if (end > start) yield r.value.subarray(Math.max(0, start - seen));
      seen = end;
    }
  } finally {
    void it.return?.();
  }
}

/** Elements of one role (labels, predictions, weights) for each row: streams and where their elements go. */
interface Stream {
  array: ArrayInfo;
  /** Element offset (in elements) from the data start. */
  elementOffset: number;
  /** Elements per row in this stream. */
  width: number;
  /** Per element of a row: target role and slot. */
  targets: { role: 'y' | 'p' | 'w'; slot: number }[];
}

function shapeText(shape: number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

type FailAt = (message: string, offset?: number) => never;

/** Which arrays hold what, and how their elements reach a row. */
interface Layout {
  streams: Stream[];
  columns: ColumnPlan;
  /** Rows. */
  n: number;
  ly: number;
  lp: number;
  weighted: boolean;
}

export async function computeNumpy(source: DataSource, format: 'npy' | 'npz', options: FileComputeOptions): Promise<FileLossResult> {
  const name = source.name;
  const failAt: FailAt = (message, offset = 0) => {
    throw new InputError({ source: name, line: 1, column: offset + 1 }, message);
  };
  const { arrays, bytes } = await listArrays(source, format, options, failAt);
  for (const a of arrays) {
    if (a.header.shape.length > 2 || a.header.shape.length === 0) {
      failAt(`${a.name} has shape ${shapeText(a.header.shape)}: expected 1-D (n,) or 2-D (n, labels) arrays`);
    }
  }
  const layout = arrays.length === 1 ? singleArrayLayout(arrays[0], format, failAt) : namedArraysLayout(arrays, options, failAt);
  return runLanes(name, format, options.variants, (asLogits, variants) => readRows(name, layout, asLogits, bytes, { ...options, variants: [...variants] }, failAt), options.metrics === true);
}

/** The arrays of a .npy (one) or a .npz (each member's header read), and the file's size. */
async function listArrays(source: DataSource, format: 'npy' | 'npz', options: FileComputeOptions, failAt: FailAt): Promise<{ arrays: ArrayInfo[]; bytes: number }> {
  const name = source.name;
  const signal = options.signal;
  const openWhole = () => bytesFrom(source, 0, Infinity, signal)[Symbol.asyncIterator]();
  if (format === 'npy') {
    const header = await readHeader(openWhole, name, failAt);
    return { arrays: [{ name: name.replace(/^.*[\\/]/, '').replace(/\.npy$/i, ''), header, open: openWhole }], bytes: source.size ?? 0 };
  }
  const zip = await zipEntries(source, (m) => failAt(m), options);
  const members = zip.entries.filter((e) => !e.name.endsWith('/'));
  if (members.length === 0) failAt('the .npz archive is empty');
  const arrays: ArrayInfo[] = [];
  // Every member's .npy header from one pass; only a header longer than its window is read alone.
  const heads = await memberHeads(source, members, zip.bytes, signal);
  for (const entry of members) {
    const memberName = entry.name.replace(/\.npy$/i, '');
    const head = heads.get(entry);
    if (head && head.dataOffset >= 0) entry.dataOffset = head.dataOffset;
    const open = () => memberBytes(source, entry, (m) => failAt(m), signal)[Symbol.asyncIterator]();
    const fail = (m: string, offset: number) => failAt(`${entry.name}: ${m}`, offset);
    const header = (head && head.dataOffset >= 0 ? parseNpyHeader(head.head, entry.name, fail) : undefined) ?? (await readHeader(open, entry.name, fail));
    arrays.push({ name: memberName, header, open });
  }
  return { arrays, bytes: zip.bytes };
}

/** One array of shape (n, 2) [y_true, y_pred] or (n, 3) [y_true, y_pred, sample_weight]. */
function singleArrayLayout(a: ArrayInfo, format: 'npy' | 'npz', failAt: FailAt): Layout {
  const shape = a.header.shape;
  if (shape.length !== 2 || (shape[1] !== 2 && shape[1] !== 3)) {
    failAt(
      `${format === 'npy' ? 'a single .npy' : 'this .npz holds one array that'} has shape ${shapeText(shape)}: a single array can't hold both y_true and y_pred unless its shape is (n, 2) with columns [y_true, y_pred] or (n, 3) with [y_true, y_pred, sample_weight]; save the arrays with np.savez(file, y_true=…, y_pred=…)`,
    );
  }
  const n = shape[0];
  const weighted = shape[1] === 3;
  const streams: Stream[] = a.header.fortran
    ? Array.from({ length: shape[1] }, (_, j) => ({ array: a, elementOffset: j * n, width: 1, targets: [{ role: (['y', 'p', 'w'] as const)[j], slot: 0 }] }))
    : [{ array: a, elementOffset: 0, width: shape[1], targets: (['y', 'p', 'w'] as const).slice(0, shape[1]).map((role) => ({ role, slot: 0 })) }];
  const columns: ColumnPlan = { names: weighted ? ['y_true', 'y_pred', 'sample_weight'] : ['y_true', 'y_pred'], yTrue: [0], yPred: [1], weight: weighted ? 2 : -1, epoch: -1, split: -1, fromLogitsByName: false };
  return { streams, columns, n, ly: 1, lp: 1, weighted };
}

/** Arrays told apart by their names (or arr_0, arr_1[, arr_2] by position), multi-label as (n, k) or numbered members. */
function namedArraysLayout(arrays: ArrayInfo[], options: FileComputeOptions, failAt: FailAt): Layout {
  const twoD = (a: ArrayInfo) => a.header.shape.length === 2;
  /** A C-ordered (n, k) array is one stream of rows; a Fortran-ordered one is k column streams. */
  const columnStreams = (a: ArrayInfo, role: 'y' | 'p'): Stream[] => {
    const [rows, width = 1] = a.header.shape;
    if (!a.header.fortran || width === 1) return [{ array: a, elementOffset: 0, width, targets: Array.from({ length: width }, (_, j) => ({ role, slot: j })) }];
    return Array.from({ length: width }, (_, j) => ({ array: a, elementOffset: j * rows, width: 1, targets: [{ role, slot: j }] }));
  };
  const names = arrays.map((a) => a.name);
  const positional = names.every((m, i) => m === `arr_${i}`) && (names.length === 2 || names.length === 3);
  let columns = resolveColumns(positional ? names.map((_, i) => String(i + 1)) : names, !positional, options.columns, (message) => failAt(message), 'member');
  if (positional) columns = { ...columns, names };
  const yArrays = columns.yTrue.map((c) => arrays[c]);
  const pArrays = columns.yPred.map((c) => arrays[c]);
  const n = yArrays[0].header.shape[0];
  for (const a of [...yArrays, ...pArrays, ...(columns.weight >= 0 ? [arrays[columns.weight]] : [])]) {
    if (a.header.shape[0] !== n) failAt(`shape mismatch: ${a.name} has shape ${shapeText(a.header.shape)} but ${yArrays[0].name} has ${n} rows`);
  }
  const widthOf = (list: ArrayInfo[]) => (list.length === 1 ? (list[0].header.shape[1] ?? 1) : list.length);
  for (const list of [yArrays, pArrays]) if (list.length > 1 && list.some(twoD)) failAt(`numbered members (${list.map((a) => a.name).join(', ')}) must be 1-D`);
  const weighted = columns.weight >= 0;
  if (weighted && twoD(arrays[columns.weight]) && arrays[columns.weight].header.shape[1] !== 1) failAt(`${arrays[columns.weight].name} must be 1-D: one weight per sample`);
  const streams: Stream[] = [];
  yArrays.forEach((a, j) => streams.push(...(yArrays.length === 1 ? columnStreams(a, 'y') : [{ array: a, elementOffset: 0, width: 1, targets: [{ role: 'y' as const, slot: j }] }])));
  pArrays.forEach((a, j) => streams.push(...(pArrays.length === 1 ? columnStreams(a, 'p') : [{ array: a, elementOffset: 0, width: 1, targets: [{ role: 'p' as const, slot: j }] }])));
  if (weighted) streams.push({ array: arrays[columns.weight], elementOffset: 0, width: 1, targets: [{ role: 'w', slot: 0 }] });
  return { streams, columns, n, ly: widthOf(yArrays), lp: widthOf(pArrays), weighted };
}

/** One pass: every stream read a batch of rows at a time into the sink's batch, checked, pushed into the lanes. */
async function readRows(name: string, layout: Layout, asLogits: (boolean | null)[], bytes: number, options: FileComputeOptions, failAt: FailAt): Promise<PassOutcome & { columns: ColumnPlan }> {
  const { streams, columns, n, ly, lp, weighted } = layout;
  const signal = options.signal;
  const specs = planLanes({ variants: options.variants, asLogits }, { labels: ly, predictions: lp, fromLogitsByName: columns.fromLogitsByName });
  const sink = new RowSink(
    specs.map((s) => (s && !('message' in s) ? s : undefined)),
    { name, onInvalid: options.onInvalid ?? 'error', epochs: false, weighted, ly, lp, sources: false, ...(options.metrics ? { metrics: true } : {}), perSample: passStreams(options.perSample, options.variants, asLogits) },
  );
  const readers = streams.map((s) => {
    const h = s.array.header;
    const it = skipBytes(s.array.open, h.dataOffset + s.elementOffset * h.dtype.size)[Symbol.asyncIterator]();
    return new ElementReader(it, h.dtype, () => failAt(`${s.array.name} ends before its ${n} rows (the file is cut short)`));
  });
  const batch = sink.batch;
  const scratch = new Float64Array(batch.cap * Math.max(...streams.map((s) => s.width)));
  let done = 0;
  let complete = true;
  try {
    while (done < n) {
      if (signal?.aborted) throw abortError();
      const count = Math.min(batch.cap, n - done);
      for (let k = 0; k < streams.length; k++) {
        const s = streams[k];
        await readers[k].read(scratch, 0, 1, count * s.width);
        for (let e = 0; e < s.width; e++) {
          const t = s.targets[e];
          const out = t.role === 'y' ? batch.y : t.role === 'p' ? batch.p : (batch.w as Float64Array);
          const w = t.role === 'y' ? ly : t.role === 'p' ? lp : 1;
          for (let r = 0; r < count; r++) out[r * w + t.slot] = scratch[r * s.width + e];
        }
      }
      const kept = validateRows(sink, count, done, ly, lp, columns, name);
      batch.n = kept;
      sink.flush();
      await sink.ready();
      done += count;
      options.onProgress?.(Math.round((done / Math.max(1, n)) * bytes));
      if (!sink.live) {
        complete = false;
        break;
      }
    }
  } finally {
    for (const r of readers) r.close();
  }
  if (n === 0) failAt('the arrays have no rows');
  const state = sink.state();
  return { state, specs, bytes, complete, columns };
}

/** Checks the batch's rows as CSV rows are checked; bad ones are reported or dropped. Returns the rows kept. */
function validateRows(sink: RowSink, count: number, firstRow: number, ly: number, lp: number, columns: ColumnPlan, name: string): number {
  const b = sink.batch;
  let m = 0;
  for (let r = 0; r < count; r++) {
    let problem: { j: number; v: number; reason: string } | undefined;
    for (let j = 0; j < ly && !problem; j++) {
      const y = b.y[r * ly + j];
      if (!(y >= 0 && y <= 1)) problem = { j, v: y, reason: `expected a label in [0, 1] in ${columns.names[columns.yTrue[0]]}` };
    }
    for (let j = 0; j < lp && !problem; j++) {
      const p = b.p[r * lp + j];
      if (!Number.isFinite(p)) problem = { j, v: p, reason: `expected a finite prediction in ${columns.names[columns.yPred[0]]}` };
    }
    if (!problem && b.w) {
      const w = b.w[r];
      if (!(w >= 0) || !Number.isFinite(w)) problem = { j: 0, v: w, reason: `expected a finite sample weight ≥ 0 in ${columns.names[columns.weight]}` };
    }
    if (problem) {
      // The rows kept so far are the batch's: the sink numbers the rows after the skipped one from there.
      b.n = m;
      const place: SourcePlace = { source: name, line: firstRow + r + 1, column: problem.j + 1 };
      sink.invalid(place, String(problem.v), `${problem.reason} (row ${firstRow + r}${ly > 1 || lp > 1 ? `, label ${problem.j}` : ''})`);
      continue;
    }
    if (m !== r) {
      for (let j = 0; j < ly; j++) b.y[m * ly + j] = b.y[r * ly + j];
      for (let j = 0; j < lp; j++) b.p[m * lp + j] = b.p[r * lp + j];
      if (b.w) b.w[m] = b.w[r];
    }
    m++;
  }
  return m;
}

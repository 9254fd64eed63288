/**
 * CSV and TSV, streamed: chunks of bytes in, parsed rows out into a RowSink, in flat memory (only
 * a partial last line is carried from one chunk to the next). Rows of plain numbers take a fast
 * byte scanner; anything else (quotes, spaces, words, wrong field counts, bad values) takes a
 * careful path that reads the row as text and reports the exact place of a problem.
 */
import type { ElementPosition } from '../../core';
import type { SourcePlace } from '../inputError';
import { ECHO_CHARS, InputError, quote } from '../inputError';
import { resolveColumns, type ColumnPlan } from './columns';
import { RowSink, type Locator } from './lanes';
import { MAX_RECORD_BYTES, MAX_RECORD_TEXT } from './limits';
import { parseLabelText, parseNumberText, scanNumber, scannedEnd } from './number';
import { WasmPairScanner } from './pairScanner';
import { QuotedRowEnd } from './quotedRowEnd';
import { loneCarriageReturn, utf16Message, utf16Of } from './textEncoding';
import type { ColumnChoice } from './types';
import { COMMA, CR, LF, QUOTE, SPACE, TAB } from './asciiBytes';

export interface CsvLayout {
  delimiter: number;
  hasHeader: boolean;
  columns: ColumnPlan;
}

export interface CsvReaderOptions {
  name: string;
  format: 'csv' | 'tsv';
  columns?: ColumnChoice;
  /** Given when the header was read elsewhere (a worker thread reading a byte range). */
  layout?: CsvLayout;
  /** Line number of the first byte (1 unless reading a range). */
  firstLine?: number;
  /** Called once the columns are known: the sink the rows go to. */
  start(layout: CsvLayout): RowSink;
}

interface Field {
  /** Byte range of the field's content (inside the quotes when quoted). */
  start: number;
  end: number;
  quoted: boolean;
  /** Line (absolute) and byte offset of that line's start, for the column. */
  line: number;
  lineStart: number;
}

interface ParsedRow {
  fields: Field[];
  /** Offset just after the row's line break. */
  next: number;
  /** Line breaks inside the row (quoted fields), plus the one that ends it. */
  breaks: number;
  /** A problem found while splitting (text after a closing quote, an unterminated quote at the end). */
  problem?: { at: number; line: number; lineStart: number; reason: string; fatal?: boolean };
}

const ROLE_LABEL = 1;
const ROLE_PRED = 2;
const ROLE_WEIGHT = 3;
const ROLE_EPOCH = 4;
const ROLE_SPLIT = 5;

export class CsvReader {
  layout: CsvLayout | undefined;
  private sink: RowSink | undefined;
  /** Line number of the next row. */
  line: number;
  /** A quoted field held a line break (byte ranges split at line breaks would be wrong). */
  quotedNewline = false;
  /** A row had a double quote (only the careful path reads those). */
  quotes = false;
  private carry = new Uint8Array(1024);
  private carryLen = 0;
  /** The carried row has a quoted field still open (scanned by quotedRowEnd, not re-split line by line). */
  private openQuote = false;
  private openDelimiter = COMMA;
  private readonly quotedRowEnd = new QuotedRowEnd();
  private roles = new Int8Array(0);
  private slots = new Int32Array(0);
  private readonly decoder = new TextDecoder('utf-8');
  // The last epoch/split text seen by the fast path, to skip decoding repeated values.
  private lastEpochBytes = new Uint8Array(64);
  private lastEpochLen = -1;
  private lastEpochIndex = -1;
  private epochStart = 0;
  private epochEnd = 0;
  private splitStart = 0;
  private splitEnd = 0;
  /** The WebAssembly pair scanner, for the layout "label,prediction" and nothing else (undefined: every row by row()). */
  private wasm: WasmPairScanner | undefined;

  constructor(private readonly options: CsvReaderOptions) {
    this.line = options.firstLine ?? 1;
    if (options.layout) this.begin(options.layout);
  }

  get columns(): ColumnPlan | undefined {
    return this.layout?.columns;
  }

  private begin(layout: CsvLayout): void {
    this.layout = layout;
    const c = layout.columns;
    const ncols = c.names.length;
    this.roles = new Int8Array(ncols);
    this.slots = new Int32Array(ncols);
    c.yTrue.forEach((col, j) => {
      this.roles[col] = ROLE_LABEL;
      this.slots[col] = j;
    });
    c.yPred.forEach((col, j) => {
      this.roles[col] = ROLE_PRED;
      this.slots[col] = j;
    });
    if (c.weight >= 0) this.roles[c.weight] = ROLE_WEIGHT;
    if (c.epoch >= 0) this.roles[c.epoch] = ROLE_EPOCH;
    if (c.split >= 0) this.roles[c.split] = ROLE_SPLIT;
    const pairs = ncols === 2 && c.yTrue.length === 1 && c.yPred.length === 1 && c.yTrue[0] === 0 && c.yPred[0] === 1;
    this.sink = this.options.start(layout);
    if (pairs) {
      this.wasm = WasmPairScanner.create(this.sink.batch.cap);
      // The scanner writes rows straight into the batch, and the accumulators read them there.
      if (this.wasm) this.sink.batch.adopt(this.wasm.y, this.wasm.p, this.wasm.line);
    }
  }

  push(chunk: Uint8Array): void {
    let pos = 0;
    for (;;) {
      if (this.carryLen > 0) {
        // The carried row ends at the next line feed, or, with a quoted field open, where the quote scanner says.
        let end: number;
        if (this.openQuote) end = this.quotedRowEnd.feed(chunk, pos, chunk.length, this.openDelimiter);
        else {
          const nl = chunk.indexOf(LF, pos);
          end = nl < 0 ? -1 : nl + 1;
        }
        if (end < 0) {
          this.append(chunk, pos, chunk.length);
          return;
        }
        this.append(chunk, pos, end);
        pos = end;
        const stop = this.region(this.carry, this.skipBom(this.carry, 0), this.carryLen, false);
        if (stop < this.carryLen) {
          this.carry.copyWithin(0, stop, this.carryLen);
          this.carryLen -= stop;
          this.quoteOpen();
          continue;
        }
        this.carryLen = 0;
        this.openQuote = false;
      }
      const last = chunk.lastIndexOf(LF);
      if (last < pos) {
        this.append(chunk, pos, chunk.length);
        return;
      }
      const stop = this.region(chunk, this.skipBom(chunk, pos), last + 1, false);
      if (stop <= last) {
        // A quoted field is open at the last line feed: carry its row, then scan on from there.
        this.append(chunk, stop, last + 1);
        this.quoteOpen();
        pos = last + 1;
        continue;
      }
      this.append(chunk, stop, chunk.length);
      return;
    }
  }

  /** The carried row has a quoted field open at its end: from now on only the quote scanner reads new bytes. */
  private quoteOpen(): void {
    this.openQuote = true;
    this.quotedRowEnd.reset();
    this.openDelimiter = this.layout ? this.layout.delimiter : this.options.format === 'tsv' ? TAB : sniffDelimiter(this.carry, 0, this.carryLen);
  }

  /** A buffer in the WebAssembly scanner's memory to read the next chunk into (scanned without a copy). */
  readBuffer(size: number): Uint8Array | undefined {
    return this.wasm?.readBuffer(size);
  }

  /** Reads only the header from b (which holds at least its first line); −1 when it is not complete. */
  headerOnly(b: Uint8Array): number {
    const limit = b.lastIndexOf(LF) + 1;
    if (limit === 0) return -1;
    const next = this.header(b, this.skipBom(b, 0), limit, false);
    return this.layout ? next : -1;
  }

  /** The end of input: the last line needs no line break. */
  end(): void {
    if (this.carryLen > 0) {
      if (this.carry[this.carryLen - 1] !== LF) this.append(new Uint8Array([LF]), 0, 1);
      this.region(this.carry, this.skipBom(this.carry, 0), this.carryLen, true);
      this.carryLen = 0;
    }
    if (!this.layout) {
      const place = { source: this.options.name, line: 1, column: 1 };
      throw new InputError(place, 'the file is empty: expected a header such as y_true,y_pred and rows of numbers');
    }
    if (this.sink) this.flush();
    // The batch is empty for good: its arrays may serve the next reader.
    this.wasm?.release();
    this.wasm = undefined;
  }

  /** Skips a UTF-8 byte order mark at the very start of the file. */
  private skipBom(b: Uint8Array, pos: number): number {
    if (pos === 0 && !this.layout && this.line === (this.options.firstLine ?? 1) && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 3;
    return pos;
  }

  private append(b: Uint8Array, from: number, to: number): void {
    const need = this.carryLen + (to - from);
    if (need > MAX_RECORD_BYTES) this.tooLong();
    if (need > this.carry.length) {
      const grown = new Uint8Array(Math.max(need, this.carry.length * 2));
      grown.set(this.carry.subarray(0, this.carryLen));
      this.carry = grown;
    }
    this.carry.set(b.subarray(from, to), this.carryLen);
    this.carryLen = need;
  }

  /** The carried row passed the limit: an open quote is named at its place, anything else at the row's start. */
  private tooLong(): never {
    const start = this.skipBom(this.carry, 0);
    if (this.openQuote) {
      const delimiter = this.openDelimiter;
      const row = this.split(this.carry, start, this.carryLen, true, delimiter, this.line);
      const p = row?.problem;
      if (p) {
        const place = this.place(this.carry, p.line, p.lineStart, p.at);
        throw new InputError(place, `unterminated quoted field: expected a closing " within ${MAX_RECORD_TEXT}, found ${quote(this.lineText(this.carry, p.at, this.carryLen))}`);
      }
    }
    if (!this.layout) this.loneCr(this.carry, start, this.carryLen);
    const what = this.layout ? 'a row' : 'the header line';
    throw new InputError(
      { source: this.options.name, line: this.line, column: 1 },
      `${what} is longer than ${MAX_RECORD_TEXT}: expected short lines of values separated by ${this.options.format === 'tsv' ? 'tabs' : 'commas'}, found ${quote(this.lineText(this.carry, start, this.carryLen))}`,
    );
  }

  /** A carriage return alone inside the header line means classic Mac line ends: said at its place, not read as one line. */
  private loneCr(b: Uint8Array, start: number, end: number): void {
    const cr = loneCarriageReturn(b, start, end);
    if (cr < 0) return;
    throw new InputError(
      this.place(b, this.line, start, cr),
      'the line ends are carriage returns alone (classic Mac): expected line feeds (LF or CRLF); convert the file, e.g. tr \'\\r\' \'\\n\'',
    );
  }

  /** The text of b from `at` to the end of its line (or `end`), cut for a message. */
  private lineText(b: Uint8Array, at: number, end: number): string {
    let stop = at;
    while (stop < end && stop - at < 4 * ECHO_CHARS && b[stop] !== LF && b[stop] !== CR) stop++;
    return this.decoder.decode(b.subarray(at, stop));
  }

  /**
   * Reads the rows in b[start, limit), where b[limit − 1] is a line feed. Returns where it
   * stopped: limit, or the start of a row whose quoted field goes on past limit.
   */
  private region(b: Uint8Array, start: number, limit: number, final: boolean): number {
    let pos = start;
    if (!this.layout) {
      pos = this.header(b, pos, limit, final);
      if (pos < 0) return start;
      if (!this.layout) return pos; // only blank lines so far
    }
    const sink = this.sink as RowSink;
    const batch = sink.batch;
    const locate = this.locator(b, pos, this.line);
    if (this.wasm) return this.pairRegion(b, pos, limit, final, locate);
    while (pos < limit) {
      if (batch.n === batch.cap) this.flush(locate);
      const next = this.row(b, pos, limit, final, locate);
      if (next < 0) break;
      pos = next;
    }
    this.flush(locate);
    return pos;
  }

  /**
   * The common file "label,probability": plain rows go through the WebAssembly scanner, straight
   * into the batch; a full batch is flushed, and any other row goes to {@link row}.
   */
  private pairRegion(b: Uint8Array, start: number, limit: number, final: boolean, locate: Locator): number {
    const sink = this.sink as RowSink;
    const batch = sink.batch;
    const delimiter = (this.layout as CsvLayout).delimiter;
    const wasm = this.wasm as WasmPairScanner;
    wasm.reset();
    let pos = start;
    while (pos < limit) {
      if (batch.n === batch.cap) this.flush(locate);
      pos = wasm.scan(b, pos, limit, delimiter, batch.cap - batch.n, this.line, batch.n);
      batch.n += wasm.rows;
      this.line += wasm.rows;
      if (pos >= limit || batch.n === batch.cap) continue;
      const next = this.row(b, pos, limit, final, locate);
      if (next < 0) {
        this.flush(locate);
        return pos;
      }
      pos = next;
    }
    this.flush(locate);
    return pos;
  }

  /**
   * One row at b[rowStart] into the batch (which has room): plain numbers by the byte scanner,
   * anything else by the careful path. Returns the next row's offset, −1 when it needs more input.
   */
  private row(b: Uint8Array, rowStart: number, limit: number, final: boolean, locate: Locator): number {
    if (b[rowStart] === LF) {
      this.line++;
      return rowStart + 1;
    }
    const next = this.fastRow(b, rowStart, limit);
    if (next < 0) return this.slowRow(b, rowStart, limit, final, locate);
    const batch = (this.sink as RowSink).batch;
    const n = batch.n;
    if (batch.epoch) batch.epoch[n] = this.epochIndex(b, this.epochStart, this.epochEnd, this.splitStart, this.splitEnd);
    batch.line[n] = this.line++;
    batch.n = n + 1;
    return next;
  }

  /**
   * The byte scanner for a row of plain numbers (any layout): values go to batch row batch.n.
   * Returns the next row's offset, or −1 for the careful path (quotes, spaces, words, wrong
   * field count, labels outside [0, 1], non-finite numbers, negative weights).
   */
  private fastRow(b: Uint8Array, pos: number, limit: number): number {
    const batch = (this.sink as RowSink).batch;
    const roles = this.roles;
    const slots = this.slots;
    const ncols = roles.length;
    const delimiter = (this.layout as CsvLayout).delimiter;
    const n = batch.n;
    const ly = batch.ly;
    const lp = batch.lp;
    let col = 0;
    let c: number;
    for (;;) {
      const role = roles[col];
      if (role === ROLE_LABEL || role === ROLE_PRED || role === ROLE_WEIGHT) {
        const v = scanNumber(b, pos, limit);
        if (v !== v) return -1;
        pos = scannedEnd();
        if (role === ROLE_PRED) {
          if (v - v !== 0) return -1;
          batch.p[n * lp + slots[col]] = v;
        } else if (role === ROLE_LABEL) {
          if (!(v >= 0 && v <= 1)) return -1;
          batch.y[n * ly + slots[col]] = v;
        } else {
          if (!(v >= 0 && v - v === 0)) return -1;
          (batch.w as Float64Array)[n] = v;
        }
      } else {
        const fieldStart = pos;
        c = b[pos];
        while (c !== delimiter && c !== LF && c !== CR && c !== QUOTE) c = b[++pos];
        if (c === QUOTE) return -1;
        if (role === ROLE_EPOCH) {
          this.epochStart = fieldStart;
          this.epochEnd = pos;
        } else if (role === ROLE_SPLIT) {
          this.splitStart = fieldStart;
          this.splitEnd = pos;
        }
      }
      c = b[pos];
      if (c === delimiter) {
        if (++col === ncols) return -1;
        pos++;
        continue;
      }
      if (col !== ncols - 1) return -1;
      if (c === LF) return pos + 1;
      if (c === CR && b[pos + 1] === LF) return pos + 2;
      return -1;
    }
  }

  /** Hands the batch to the sink. */
  private flush(locate?: Locator): void {
    (this.sink as RowSink).flush(locate);
  }

  /** The epoch index of a row whose epoch (and split) fields are the given byte ranges. */
  private epochIndex(b: Uint8Array, es: number, ee: number, ss: number, se: number): number {
    const sink = this.sink as RowSink;
    const hasSplit = (this.layout as CsvLayout).columns.split >= 0;
    const len = ee - es + (hasSplit ? se - ss + 1 : 0);
    if (len === this.lastEpochLen) {
      const last = this.lastEpochBytes;
      let same = true;
      let k = 0;
      for (let i = es; i < ee && same; i++) same = b[i] === last[k++];
      if (hasSplit) {
        k++;
        for (let i = ss; i < se && same; i++) same = b[i] === last[k++];
      }
      if (same) return this.lastEpochIndex;
    }
    const epoch = this.decoder.decode(b.subarray(es, ee)).trim();
    const split = hasSplit ? this.decoder.decode(b.subarray(ss, se)).trim() : undefined;
    const index = sink.epochOf(epoch, split);
    if (len <= this.lastEpochBytes.length) {
      this.lastEpochBytes.set(b.subarray(es, ee), 0);
      if (hasSplit) this.lastEpochBytes.set(b.subarray(ss, se), ee - es + 1);
      this.lastEpochLen = len;
      this.lastEpochIndex = index;
    } else this.lastEpochLen = -1;
    return index;
  }

  /** Reads the header (or the first data row of a file without one) and starts the sink. Returns the next offset, −1 if unfinished. */
  private header(b: Uint8Array, start: number, limit: number, final: boolean): number {
    let pos = start;
    const o = this.options;
    const utf16 = utf16Of(b, start, limit);
    if (utf16) throw new InputError({ source: o.name, line: this.line, column: 1 }, utf16Message(utf16));
    for (;;) {
      if (pos >= limit) return pos;
      // Blank lines before the header.
      let k = pos;
      while (b[k] === SPACE || b[k] === TAB || b[k] === CR) k++;
      if (b[k] !== LF) break;
      pos = k + 1;
      this.line++;
    }
    const delimiter = o.format === 'tsv' ? TAB : sniffDelimiter(b, pos, limit);
    const row = this.split(b, pos, limit, final, delimiter, this.line);
    if (!row) return -1;
    this.loneCr(b, pos, row.next);
    if (row.problem) this.rowProblem(row.problem, b);
    const texts = row.fields.map((f) => this.fieldText(b, f));
    const numeric = texts.every((t) => parseLabelText(t) !== undefined);
    const names = numeric ? texts.map((_, i) => String(i + 1)) : texts.map((t) => t.trim());
    const place = (column?: number): SourcePlace => {
      const f = column === undefined ? row.fields[0] : row.fields[column];
      return this.place(b, f.line, f.lineStart, f.start - (f.quoted ? 1 : 0));
    };
    if (names.length < 2 && !numeric) {
      throw new InputError(
        place(),
        `expected a header with at least two columns separated by ${o.format === 'tsv' ? 'tabs' : 'commas'} (such as y_true,y_pred), found ${quote(texts.join(''))}`,
      );
    }
    const columns = resolveColumns(names, !numeric, o.columns, (message, column) => {
      throw new InputError(place(column), message);
    });
    this.begin({ delimiter, hasHeader: !numeric, columns });
    if (numeric) return pos; // the first row is data: read it again as a row
    this.line += row.breaks;
    return row.next;
  }

  /**
   * The careful path for one row at b[rowStart]: blank lines, quotes, spaces, bad values.
   * Commits a good row to the batch, reports a bad one; returns the next row's offset, or −1
   * when a quoted field goes past limit (more input needed).
   */
  private slowRow(b: Uint8Array, rowStart: number, limit: number, final: boolean, locate: Locator): number {
    const sink = this.sink as RowSink;
    const layout = this.layout as CsvLayout;
    const batch = sink.batch;
    if (batch.n === batch.cap) this.flush(locate);
    const row = this.split(b, rowStart, limit, final, layout.delimiter, this.line);
    if (!row) return -1;
    const line = this.line;
    this.line += row.breaks;
    if (row.breaks > 1) this.quotedNewline = true;
    const fields = row.fields;
    if (row.problem) {
      this.rowProblem(row.problem, b);
      return row.next;
    }
    if (fields.length === 1 && !fields[0].quoted && isBlank(b, fields[0].start, fields[0].end)) return row.next;
    const cols = layout.columns;
    const ncols = cols.names.length;
    if (fields.length !== ncols) {
      const at = fields.length > ncols ? fields[ncols] : fields[fields.length - 1];
      const where = this.place(b, at.line, at.lineStart, fields.length > ncols ? at.start - 1 : at.end);
      const text = this.decoder.decode(b.subarray(rowStart, row.next)).replace(/\r?\n$/, '');
      sink.invalid(where, text, `expected ${ncols} fields${layout.hasHeader ? ' as in the header' : ''}, got ${fields.length}`);
      return row.next;
    }
    const n = batch.n;
    const values = (list: number[], kind: 'label' | 'prediction', out: Float64Array, width: number): boolean => {
      for (let j = 0; j < list.length; j++) {
        const f = fields[list[j]];
        const text = this.fieldText(b, f);
        const name = cols.names[list[j]];
        const v = kind === 'label' ? parseLabelText(text) : parseNumberText(text);
        const bad = (reason: string) => {
          sink.invalid(this.place(b, f.line, f.lineStart, f.start - (f.quoted ? 1 : 0)), text, reason);
          return false;
        };
        if (v === undefined) {
          const words = kind === 'label' && /[A-Za-z]/.test(text) && !/^\s*[+-]?(nan|inf)/i.test(text);
          return bad(`expected a number in column ${quote(name)}${words ? ' (labels are 0/1 or true/false here; class names as strings are read only from .json files, with the sklearn semantics)' : ''}`);
        }
        if (kind === 'label' && !(v >= 0 && v <= 1)) {
          return bad(`expected a label in [0, 1] in column ${quote(name)} (0/1 classes, or probabilities for soft labels)`);
        }
        if (!Number.isFinite(v)) return bad(`expected a finite ${kind} in column ${quote(name)}`);
        out[n * width + j] = v;
      }
      return true;
    };
    if (!values(cols.yTrue, 'label', batch.y, batch.ly)) return row.next;
    if (!values(cols.yPred, 'prediction', batch.p, batch.lp)) return row.next;
    if (batch.w) {
      const f = fields[cols.weight];
      const text = this.fieldText(b, f);
      const w = parseNumberText(text);
      if (w === undefined || !(w >= 0) || !Number.isFinite(w)) {
        sink.invalid(this.place(b, f.line, f.lineStart, f.start - (f.quoted ? 1 : 0)), text, `expected a finite sample weight ≥ 0 in column ${quote(cols.names[cols.weight])}`);
        return row.next;
      }
      batch.w[n] = w;
    }
    if (batch.epoch) {
      const epoch = this.fieldText(b, fields[cols.epoch]).trim();
      const split = cols.split >= 0 ? this.fieldText(b, fields[cols.split]).trim() : undefined;
      batch.epoch[n] = sink.epochOf(epoch, split);
      this.lastEpochLen = -1;
    }
    batch.line[n] = line;
    batch.n = n + 1;
    return row.next;
  }

  private rowProblem(problem: NonNullable<ParsedRow['problem']>, b: Uint8Array): void {
    const place = this.place(b, problem.line, problem.lineStart, problem.at);
    let end = problem.at;
    while (end < b.length && end - problem.at < 40 && b[end] !== LF && b[end] !== CR) end++;
    const text = this.decoder.decode(b.subarray(problem.at, end));
    if (!this.sink || problem.fatal) throw new InputError(place, `${problem.reason}, found ${quote(text)}`);
    this.sink.invalid(place, text, problem.reason);
  }

  /**
   * Splits the row at b[pos] into fields (RFC 4180 quotes, "" inside quotes). Undefined when a
   * quoted field is still open at limit and more input may come.
   */
  private split(b: Uint8Array, pos: number, limit: number, final: boolean, delimiter: number, line: number): ParsedRow | undefined {
    const fields: Field[] = [];
    for (let i = pos; i < limit && b[i] !== LF; i++) if (b[i] === QUOTE) this.quotes = true;
    let lineStart = pos;
    let breaks = 0;
    for (;;) {
      let i = pos;
      while (b[i] === SPACE || (b[i] === TAB && delimiter !== TAB)) i++;
      if (b[i] === QUOTE) {
        const start = i + 1;
        const fieldLine = line + breaks;
        const fieldLineStart = lineStart;
        i = start;
        let end = -1;
        while (i < limit) {
          const c = b[i];
          if (c === QUOTE) {
            if (b[i + 1] === QUOTE && i + 1 < limit) {
              i += 2;
              continue;
            }
            end = i;
            i++;
            break;
          }
          if (c === LF) {
            breaks++;
            lineStart = i + 1;
          }
          i++;
        }
        if (end < 0) {
          if (!final) return undefined;
          return {
            fields,
            next: limit,
            breaks: breaks,
            // The rest of the file is inside the quote: an error of the file, never a skipped row.
            problem: { at: start - 1, line: fieldLine, lineStart: fieldLineStart, reason: 'unterminated quoted field: expected a closing " before the end of the file', fatal: true },
          };
        }
        fields.push({ start, end, quoted: true, line: fieldLine, lineStart: fieldLineStart });
        while (b[i] === SPACE || (b[i] === TAB && delimiter !== TAB)) i++;
        const c = b[i];
        if (c === delimiter) {
          pos = i + 1;
          continue;
        }
        if (c === LF || (c === CR && b[i + 1] === LF)) {
          return { fields, next: i + (c === CR ? 2 : 1), breaks: breaks + 1 };
        }
        let eol = i;
        while (b[eol] !== LF) eol++;
        return { fields, next: eol + 1, breaks: breaks + 1, problem: { at: i, line: line + breaks, lineStart, reason: `expected ${delimiterName(delimiter)} or the end of the line after a closing quote` } };
      }
      const start = pos;
      while (b[i] !== delimiter && b[i] !== LF) i++;
      let end = i;
      if (b[i] === LF && end > start && b[end - 1] === CR) end--;
      fields.push({ start, end, quoted: false, line: line + breaks, lineStart });
      if (b[i] === delimiter) {
        pos = i + 1;
        continue;
      }
      return { fields, next: i + 1, breaks: breaks + 1 };
    }
  }

  private fieldText(b: Uint8Array, f: Field): string {
    const raw = this.decoder.decode(b.subarray(f.start, f.end));
    return f.quoted ? raw.replace(/""/g, '"') : raw;
  }

  /** The 1-based place of byte `at` on a line starting at byte `lineStart` (columns count UTF-16 units, as editors do). */
  private place(b: Uint8Array, line: number, lineStart: number, at: number): SourcePlace {
    let ascii = true;
    for (let i = lineStart; i < at; i++) if (b[i] >= 0x80) ascii = false;
    const column = (ascii ? at - lineStart : this.decoder.decode(b.subarray(lineStart, at)).length) + 1;
    return { source: this.options.name, line, column };
  }

  /**
   * Where an element of a batch row is, for a lane's error: the rows' buffer is still b, whose
   * region began at byte `start` on line `startLine`, so the row's line gives its offset.
   */
  private locator(b: Uint8Array, start: number, startLine: number): Locator {
    return (row: number, at: ElementPosition) => {
      const batch = (this.sink as RowSink).batch;
      const layout = this.layout as CsvLayout;
      const cols = layout.columns;
      const column = at.array === 'y_true' ? cols.yTrue[at.label ?? 0] : at.array === 'y_pred' ? cols.yPred[at.label ?? 0] : at.array === 'sample_weight' ? cols.weight : -1;
      if (column === undefined || column < 0 || row < 0 || row >= batch.cap) return undefined;
      const line = batch.line[row];
      let rowStart = start;
      for (let l = startLine; l < line && rowStart < b.length; l++) {
        const nl = b.indexOf(LF, rowStart);
        if (nl < 0) return undefined;
        rowStart = nl + 1;
      }
      const parsed = this.split(b, rowStart, b.length, true, layout.delimiter, line);
      const f = parsed?.fields[column];
      if (!f) return { line, column: 1 };
      const place = this.place(b, f.line, f.lineStart, f.start - (f.quoted ? 1 : 0));
      return { line: place.line, column: place.column, text: this.fieldText(b, f) };
    };
  }
}

function isBlank(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== SPACE && b[i] !== TAB && b[i] !== CR) return false;
  return true;
}

function delimiterName(d: number): string {
  return d === TAB ? 'a tab' : d === COMMA ? 'a comma' : `"${String.fromCharCode(d)}"`;
}

/** The delimiter of a CSV: the most frequent of , ; tab | outside quotes on the first line (comma on a tie). */
export function sniffDelimiter(b: Uint8Array, pos: number, limit: number): number {
  const candidates = [COMMA, TAB, 59, 124];
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = pos; i < limit; i++) {
    const c = b[i];
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted) {
      if (c === LF) break;
      const k = candidates.indexOf(c);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < 4; k++) if (counts[k] > counts[best]) best = k;
  return candidates[best];
}

/**
 * The header of a CSV/TSV from its first bytes: the layout, the offset of the first data row and
 * its line number. Undefined when the bytes hold no complete header line.
 */
export function readCsvHeader(b: Uint8Array, options: { name: string; format: 'csv' | 'tsv'; columns?: ColumnChoice }): { layout: CsvLayout; next: number; line: number } | undefined {
  const reader = new CsvReader({
    ...options,
    start: () => new RowSink([], { name: options.name, onInvalid: 'error', epochs: false, weighted: false, ly: 1, lp: 1, batchRows: 1 }),
  });
  const next = reader.headerOnly(b);
  if (next < 0 || !reader.layout) return undefined;
  // No rows were read: end() only hands the scanner it took back to the pool, for the first range.
  reader.end();
  return { layout: reader.layout, next, line: reader.line };
}

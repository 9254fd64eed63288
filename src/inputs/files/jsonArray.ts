/**
 * A JSON array of records [{"y_true": 0, "y_pred": 0.3}, …] read as it streams, record by record
 * as JSON Lines are (jsonRecords.ts): a file too large for one string (JSON text past 512 MiB)
 * in the memory of one record. The array's own commas and brackets are checked here, each record
 * by JSON.parse; every place is the input's line:column.
 */
import { InputError, quote, type SourcePlace } from '../inputError';
import { JsonRecords } from './jsonRecords';
import type { RowSink } from './lanes';
import { MAX_RECORD_BYTES, MAX_RECORD_TEXT } from './limits';
import type { JsonlShape } from './pass';
import { refuseUtf16 } from './textEncoding';
import type { ColumnChoice } from './types';
import { concatBytes } from './util';

export interface JsonArrayReaderOptions {
  name: string;
  columns?: ColumnChoice;
  start(shape: JsonlShape): RowSink;
}

/** Where the reader is between the array's records. */
const BEFORE = 0;
const FIRST = 1;
const NEXT = 2;
const RECORD = 3;
const AFTER = 4;
const DONE = 5;

const isSpace = (b: number) => b === 32 || b === 10 || b === 13 || b === 9;

export class JsonArrayReader {
  /** Line and column (UTF-16 units, as an editor counts) of the next byte. */
  line = 1;
  private column = 1;
  private state = BEFORE;
  private first = true;
  private readonly records: JsonRecords;
  private readonly decoder = new TextDecoder('utf-8');
  /** The record read so far, from earlier chunks. */
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The record is a number or a word (an error, but at its place): it ends at a comma, a bracket or a space. */
  private scalar = false;
  private recordLine = 0;
  private recordColumn = 0;
  private arrayPlace: SourcePlace | undefined;

  constructor(private readonly options: JsonArrayReaderOptions) {
    this.records = new JsonRecords({ ...options, what: 'the record' });
  }

  get shape(): JsonlShape | undefined {
    return this.records.shape;
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    if (this.first) {
      this.first = false;
      refuseUtf16(chunk, this.options.name);
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    let start = this.state === RECORD ? 0 : -1;
    const n = chunk.length;
    for (; i < n; i++) {
      const b = chunk[i];
      if (this.state === RECORD) {
        if (this.scalar) {
          if (b === 44 || b === 93 || b === 125 || isSpace(b)) {
            this.finish(chunk, start, i);
            this.state = AFTER;
          } else {
            this.advance(b);
            continue;
          }
        } else {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (b === 92) this.escaped = true;
            else if (b === 34) this.inString = false;
          } else if (b === 34) this.inString = true;
          else if (b === 123 || b === 91) this.depth++;
          else if (b === 125 || b === 93) this.depth--;
          if (this.depth === 0 && !this.inString) {
            this.finish(chunk, start, i + 1);
            this.state = AFTER;
          }
          this.advance(b);
          continue;
        }
      }
      if (!isSpace(b)) {
        const state = this.state;
        if (state === BEFORE) {
          if (b !== 91) this.fail(chunk, i, 'expected a JSON array of records [{"y_true": 0, "y_pred": 0.3}, ...]');
          this.arrayPlace = this.here();
          this.state = FIRST;
        } else if ((state === FIRST && b === 93) || (state === AFTER && b === 93)) this.state = DONE;
        else if (state === AFTER && b === 44) this.state = NEXT;
        else if (state === FIRST || state === NEXT) {
          if (b === 93 || b === 44) this.fail(chunk, i, 'expected a record after the comma');
          start = i;
          this.begin(b);
        } else if (state === AFTER) this.fail(chunk, i, 'expected "," or "]" after a record');
        else this.fail(chunk, i, 'expected nothing after the array of records');
      }
      this.advance(b);
    }
    if (this.state === RECORD) this.keep(chunk.subarray(start));
    this.records.flush();
  }

  end(): void {
    if (this.state === RECORD && this.scalar) {
      this.finish(new Uint8Array(0), 0, 0);
      this.state = AFTER;
    }
    if (this.state !== DONE) throw new InputError(this.here(), this.state === BEFORE ? 'the file is empty: expected a JSON array of records' : 'the JSON ends before the array of records is closed with "]"');
    if (!this.records.shape) throw new InputError(this.arrayPlace ?? this.here(), 'the array has no records: expected [{"y_true": 0, "y_pred": 0.3}, ...]');
    this.records.flush();
  }

  private here(): SourcePlace {
    return { source: this.options.name, line: this.line, column: this.column };
  }

  /** Counts the byte into line and column: a UTF-8 lead byte is one unit, a 4-byte one two (a surrogate pair). */
  private advance(b: number): void {
    if (b === 10) {
      this.line++;
      this.column = 1;
    } else if ((b & 0xc0) !== 0x80) this.column += b >= 0xf0 ? 2 : 1;
  }

  private begin(b: number): void {
    this.state = RECORD;
    this.recordLine = this.line;
    this.recordColumn = this.column;
    this.depth = b === 123 || b === 91 ? 1 : 0;
    this.inString = b === 34;
    this.escaped = false;
    this.scalar = !(b === 123 || b === 91 || b === 34);
  }

  private keep(bytes: Uint8Array): void {
    this.partBytes += bytes.byteLength;
    if (this.partBytes > MAX_RECORD_BYTES) this.tooLong();
    this.parts.push(bytes.slice());
  }

  private finish(chunk: Uint8Array, start: number, end: number): void {
    this.keep(chunk.subarray(start, end));
    const text = this.decoder.decode(concatBytes(this.parts));
    this.parts = [];
    this.partBytes = 0;
    this.records.record(text, this.recordLine, this.recordColumn);
  }

  private tooLong(): never {
    throw new InputError({ source: this.options.name, line: this.recordLine, column: this.recordColumn }, `a record is longer than ${MAX_RECORD_TEXT}: expected an array of short records such as {"y_true": 0, "y_pred": 0.3}`);
  }

  private fail(chunk: Uint8Array, i: number, expected: string): never {
    throw new InputError(this.here(), `${expected}, found ${quote(this.decoder.decode(chunk.subarray(i, Math.min(chunk.length, i + 40))))}`);
  }
}

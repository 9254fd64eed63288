/**
 * JSON Lines: one record per line such as {"y_true": 1, "y_pred": 0.8}, streamed line by line.
 * Multi-label records hold arrays ({"y_true": [0, 1], "y_pred": [0.2, 0.7]}) or numbered keys.
 */
import { InputError, quote } from '../inputError';
import { JsonRecords, shapeOf } from './jsonRecords';
import type { RowSink } from './lanes';
import { MAX_RECORD_BYTES, MAX_RECORD_TEXT } from './limits';
import type { JsonlShape } from './pass';
import { refuseUtf16 } from './textEncoding';
import type { ColumnChoice } from './types';

export interface JsonlReaderOptions {
  name: string;
  columns?: ColumnChoice;
  shape?: JsonlShape;
  firstLine: number;
  start(shape: JsonlShape): RowSink;
}

export class JsonlReader {
  line: number;
  private readonly records: JsonRecords;
  private readonly decoder = new TextDecoder('utf-8');
  private rest = '';
  /** The next chunk is the file's first (a worker's range starts later). */
  private first: boolean;

  constructor(private readonly options: JsonlReaderOptions) {
    this.line = options.firstLine;
    this.first = options.firstLine === 1;
    this.records = new JsonRecords({ ...options, what: 'the line' });
  }

  get shape(): JsonlShape | undefined {
    return this.records.shape;
  }

  push(chunk: Uint8Array): void {
    if (this.first) {
      this.first = false;
      refuseUtf16(chunk, this.options.name);
    }
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    let start = 0;
    // The carried text has no line feed: search only the new part, so a long record is read once.
    let from = this.rest.length;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      this.record(text.slice(start, nl));
      start = from = nl + 1;
    }
    this.rest = text.slice(start);
    if (this.rest.length > MAX_RECORD_BYTES) this.tooLong(this.rest);
    this.records.flush();
  }

  /** A record past the limit: an error of the file (it is not a record of a few numbers). */
  private tooLong(text: string): never {
    throw new InputError({ source: this.options.name, line: this.line, column: 1 }, `a record is longer than ${MAX_RECORD_TEXT}: expected one short JSON object per line, found ${quote(text)}`);
  }

  end(): void {
    const tail = this.rest + this.decoder.decode();
    this.rest = '';
    if (tail.trim() !== '') this.record(tail);
    if (!this.records.shape) {
      throw new InputError({ source: this.options.name, line: 1, column: 1 }, 'the file has no records: expected lines such as {"y_true": 1, "y_pred": 0.8}');
    }
    this.records.flush();
  }

  private record(raw: string): void {
    if (raw.length > MAX_RECORD_BYTES) this.tooLong(raw);
    const line = this.line++;
    this.records.record(raw.endsWith('\r') ? raw.slice(0, -1) : raw, line, 1);
  }
}

/** The shape of a JSON Lines file from its first bytes (undefined if its first record is not there or not valid). */
export function readJsonlShape(b: Uint8Array, options: { name: string; columns?: ColumnChoice }): JsonlShape | undefined {
  refuseUtf16(b, options.name);
  const text = new TextDecoder('utf-8').decode(b);
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    const line = text.slice(start, nl).trim();
    start = nl + 1;
    if (line === '') continue;
    try {
      const r = JSON.parse(line) as unknown;
      if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
      return shapeOf(r as Record<string, unknown>, options.columns, (message) => new InputError({ source: options.name, line: 1, column: 1 }, message));
    } catch {
      return undefined;
    }
  }
}

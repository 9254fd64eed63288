/**
 * JSON Lines: one record per line such as {"y_true": 1, "y_pred": 0.8}, streamed line by line.
 * Multi-label records hold arrays ({"y_true": [0, 1], "y_pred": [0.2, 0.7]}) or numbered keys.
 */
import { InputError, quote, type SourcePlace } from '../inputError';
import { tokenAt, tooDeepAt, tooDeepDetail, jsonProblem } from '../jsonSyntax';
import { resolveColumns } from './columns';
import { elementOffsets, valueOffset } from './jsonPlaces';
import type { Locator, RowSink } from './lanes';
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
  shape: JsonlShape | undefined;
  line: number;
  private sink: RowSink | undefined;
  private readonly decoder = new TextDecoder('utf-8');
  private rest = '';
  /** The next chunk is the file's first (a worker's range starts later). */
  private first: boolean;

  constructor(private readonly options: JsonlReaderOptions) {
    this.line = options.firstLine;
    this.first = options.firstLine === 1;
    if (options.shape) this.begin(options.shape);
  }

  private begin(shape: JsonlShape): void {
    this.shape = shape;
    this.sink = this.options.start(shape);
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
    this.sink?.flush(this.locator);
  }

  /** A record past the limit: an error of the file (it is not a record of a few numbers). */
  private tooLong(text: string): never {
    throw new InputError({ source: this.options.name, line: this.line, column: 1 }, `a record is longer than ${MAX_RECORD_TEXT}: expected one short JSON object per line, found ${quote(text)}`);
  }

  end(): void {
    const tail = this.rest + this.decoder.decode();
    this.rest = '';
    if (tail.trim() !== '') this.record(tail);
    if (!this.shape) {
      throw new InputError({ source: this.options.name, line: 1, column: 1 }, 'the file has no records: expected lines such as {"y_true": 1, "y_pred": 0.8}');
    }
    this.sink?.flush(this.locator);
  }

  private readonly locator: Locator = (row) => {
    const batch = this.sink?.batch;
    return batch ? { line: batch.line[row], column: 1 } : undefined;
  };

  private record(raw: string): void {
    if (raw.length > MAX_RECORD_BYTES) this.tooLong(raw);
    const line = this.line++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    const name = this.options.name;
    const at = (column: number): SourcePlace => ({ source: name, line, column });
    const deep = tooDeepAt(text);
    if (deep >= 0) throw new InputError(at(deep + 1), tooDeepDetail());
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (e) {
      // Node's message often has no position: the place and the token come from our own reading.
      const problem = jsonProblem(text, 'the line');
      const offset = problem?.offset ?? 0;
      this.badText(at(offset + 1), problem?.detail ?? `invalid JSON: ${(e as Error).message}`);
      return;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      this.bad(at(firstNonSpace(text) + 1), text.slice(0, 40), 'expected a JSON object such as {"y_true": 1, "y_pred": 0.8}');
      return;
    }
    const r = record as Record<string, unknown>;
    if (!this.shape) this.begin(shapeOf(r, this.options.columns, (message) => new InputError(at(1), message)));
    const shape = this.shape as JsonlShape;
    const sink = this.sink as RowSink;
    const batch = sink.batch;
    if (batch.n === batch.cap) sink.flush(this.locator);
    const n = batch.n;
    const names = shape.columns.names;
    const keyColumn = (key: string) => {
      const i = text.indexOf(JSON.stringify(key));
      return at(i < 0 ? 1 : i + 1);
    };
    /** The value of key (element j of it when it is an array), where the line writes it. */
    const valueAt = (key: string, j?: number) => {
      const offset = j === undefined ? valueOffset(text, [key]) : (elementOffsets(text, [key])[j] ?? -1);
      return offset < 0 ? { place: keyColumn(key), text: undefined } : { place: at(offset + 1), text: tokenAt(text, offset) };
    };
    const take = (cols: number[], width: number, out: Float64Array, kind: 'label' | 'prediction'): boolean => {
      const values: unknown[] = [];
      if (width !== cols.length) {
        const key = names[cols[0]];
        const v = r[key];
        if (!Array.isArray(v) || v.length !== width) {
          this.bad(keyColumn(key), JSON.stringify(v) ?? 'nothing', `expected "${key}" to be an array of ${width} ${kind}s like on the first record`);
          return false;
        }
        values.push(...v);
      } else for (const c of cols) values.push(r[names[c]]);
      for (let j = 0; j < width; j++) {
        const v = values[j];
        const key = names[cols[width !== cols.length ? 0 : j]];
        const num = typeof v === 'boolean' && kind === 'label' ? (v ? 1 : 0) : v;
        if (typeof num !== 'number') {
          const hint = typeof v === 'string' && kind === 'label' ? ' (class names as strings are read only from .json files, with the sklearn semantics)' : '';
          this.bad(keyColumn(key), JSON.stringify(v) ?? 'nothing', `expected a number for "${key}"${hint}`);
          return false;
        }
        if (!(kind === 'label' ? num >= 0 && num <= 1 : Number.isFinite(num))) {
          // At the value, quoted as written: 1e999 is Infinity once parsed.
          const where = valueAt(key, width !== cols.length ? j : undefined);
          const reason = kind === 'label' ? `expected a label in [0, 1] for "${key}" (0/1 classes, or probabilities for soft labels)` : `expected a finite prediction for "${key}"`;
          this.bad(where.place, where.text ?? String(v), reason);
          return false;
        }
        out[n * width + j] = num;
      }
      return true;
    };
    const cols = shape.columns;
    if (!take(cols.yTrue, shape.ly, batch.y, 'label')) return;
    if (!take(cols.yPred, shape.lp, batch.p, 'prediction')) return;
    if (batch.w) {
      const key = names[cols.weight];
      const w = r[key];
      if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) {
        const where = valueAt(key);
        this.bad(where.place, where.text ?? JSON.stringify(w) ?? 'nothing', `expected a finite sample weight ≥ 0 for "${key}"`);
        return;
      }
      batch.w[n] = w;
    }
    if (batch.epoch) {
      const epoch = r[names[cols.epoch]];
      const split = cols.split >= 0 ? r[names[cols.split]] : undefined;
      batch.epoch[n] = sink.epochOf(textOf(epoch), cols.split >= 0 ? textOf(split) : undefined);
    }
    batch.line[n] = line;
    batch.n = n + 1;
  }

  /** A bad line whose message says what was found already. */
  private badText(place: SourcePlace, detail: string): void {
    if (!this.sink) throw new InputError(place, detail);
    this.sink.invalidDetail(place, detail);
  }

  private bad(place: SourcePlace, text: string, reason: string): void {
    if (!this.sink) throw new InputError(place, `${reason}, found ${quote(text)}`);
    this.sink.invalid(place, text, reason);
  }
}

function textOf(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

function firstNonSpace(s: string): number {
  const m = /\S/.exec(s);
  return m ? m.index : 0;
}

/** Columns from the first record's keys; an array value makes that key a multi-label column. */
export function shapeOf(r: Record<string, unknown>, choice: ColumnChoice | undefined, error: (message: string) => Error): JsonlShape {
  const keys = Object.keys(r);
  const columns = resolveColumns(
    keys,
    true,
    choice,
    (message) => {
      throw error(message);
    },
    'key',
  );
  const width = (cols: number[]) => {
    if (cols.length !== 1) return cols.length;
    const v = r[keys[cols[0]]];
    if (Array.isArray(v)) {
      if (v.length === 0) throw error(`"${keys[cols[0]]}" is an empty array`);
      return v.length;
    }
    return 1;
  };
  const ly = width(columns.yTrue);
  const lp = width(columns.yPred);
  return { columns, ly, lp };
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

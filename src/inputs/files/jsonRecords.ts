/**
 * One JSON record such as {"y_true": 1, "y_pred": 0.8} into a row of the batch: the first record
 * fixes the columns (and the width of array values), a bad one is an error or skipped at its
 * line:column. JSON Lines (jsonl.ts) and a streamed JSON array of records (jsonArray.ts) give
 * their records here.
 */
import { InputError, quote, type SourcePlace } from '../inputError';
import { jsonProblem, tokenAt, tooDeepAt, tooDeepDetail } from '../jsonSyntax';
import { resolveColumns } from './columns';
import { elementOffsets, valueOffset } from './jsonPlaces';
import type { Locator, RowSink } from './lanes';
import type { JsonlShape } from './pass';
import type { ColumnChoice } from './types';

export interface JsonRecordsOptions {
  name: string;
  columns?: ColumnChoice;
  shape?: JsonlShape;
  start(shape: JsonlShape): RowSink;
  /** What the input is called in "the line is not JSON" messages. */
  what: string;
}

export class JsonRecords {
  shape: JsonlShape | undefined;
  private sink: RowSink | undefined;

  constructor(private readonly options: JsonRecordsOptions) {
    if (options.shape) this.begin(options.shape);
  }

  private begin(shape: JsonlShape): void {
    this.shape = shape;
    this.sink = this.options.start(shape);
  }

  /** Pushes the rows taken so far into the lanes. */
  flush(): void {
    this.sink?.flush(this.locator);
  }

  private readonly locator: Locator = (row) => {
    const batch = this.sink?.batch;
    return batch ? { line: batch.line[row], column: 1 } : undefined;
  };

  /**
   * A record's text, starting at line:column of the input (it may span lines in a JSON array);
   * `placeOf` maps offsets of a record put together from several places (an object of arrays).
   */
  record(text: string, line: number, column: number, placeOf?: (offset: number) => SourcePlace): void {
    if (text.trim() === '') return;
    const name = this.options.name;
    const at = (c: number): SourcePlace => (placeOf ? placeOf(c - 1) : placeIn(text, c - 1, name, line, column));
    const deep = tooDeepAt(text);
    if (deep >= 0) throw new InputError(at(deep + 1), tooDeepDetail());
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (e) {
      // Node's message often has no position: the place and the token come from our own reading.
      const problem = jsonProblem(text, this.options.what);
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
    if (batch.n === batch.cap) this.flush();
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

/** Line and column of `offset` in a record's text that starts at line:column of the input. */
export function placeIn(text: string, offset: number, source: string, line: number, column: number): SourcePlace {
  let lines = 0;
  let lineStart = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    lines++;
    lineStart = i;
  }
  return lines === 0 ? { source, line, column: column + offset } : { source, line: line + lines, column: offset - lineStart };
}

/**
 * A JSON object of arrays {"y_true": [...], "y_pred": [...]} too large to read whole: one pass
 * finds where each top-level array starts, then the arrays are read side by side by position, an
 * element of each at a time, each sample a record for jsonRecords.ts named at its elements' places.
 * Memory: a window of each array read.
 */
import type { SourcePlace } from '../inputError';
import { InputError, quote } from '../inputError';
import { resolveColumns } from './columns';
import { JsonRecords, placeIn } from './jsonRecords';
import { isLaneError, passStreams, runLanes, RowSink, type LaneError, type LaneSpec } from './lanes';
import { MAX_RECORD_BYTES, MAX_RECORD_TEXT } from './limits';
import { planLanes } from './pass';
import { refuseUtf16 } from './textEncoding';
import type { DataSource, FileComputeOptions, FileLossResult } from './types';
import { checkAbort, concatBytes } from './util';

/** Bytes each array's cursor reads at a time. */
const WINDOW = 1024 * 1024;

const isSpace = (b: number) => b === 32 || b === 10 || b === 13 || b === 9;

/** Line and column counting over bytes: a UTF-8 lead byte is one UTF-16 unit, a 4-byte one two. */
class Place {
  line = 1;
  column = 1;
  advance(b: number): void {
    if (b === 10) {
      this.line++;
      this.column = 1;
    } else if ((b & 0xc0) !== 0x80) this.column += b >= 0xf0 ? 2 : 1;
  }
}

interface TopValue {
  key: string;
  offset: number;
  line: number;
  column: number;
  /** The value's first byte. */
  first: number;
}

/** The top-level keys and where their values start, in one pass over the object (nothing else is kept). */
async function topLevel(source: DataSource): Promise<TopValue[]> {
  const out: TopValue[] = [];
  const at = new Place();
  let offset = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let keyBytes: Uint8Array[] | undefined;
  let keyStart = 0;
  let expectKey = false;
  let expectValue = false;
  let key = '';
  let first = true;
  for await (const chunk of source.chunks()) {
    if (first) {
      refuseUtf16(chunk, source.name);
      first = false;
    }
    for (let i = 0; i < chunk.length; i++, offset++) {
      const b = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 92) escaped = true;
        else if (b === 34) {
          inString = false;
          if (keyBytes) {
            keyBytes.push(chunk.slice(keyStart, i));
            key = JSON.parse(`"${new TextDecoder().decode(concatBytes(keyBytes))}"`) as string;
            keyBytes = undefined;
          }
        }
      } else if (expectValue && !isSpace(b) && b !== 58) {
        out.push({ key, offset, line: at.line, column: at.column, first: b });
        expectValue = false;
        if (b === 34) inString = true;
        else if (b === 123 || b === 91) depth++;
      } else if (b === 34) {
        inString = true;
        if (depth === 1 && expectKey) {
          keyBytes = [];
          keyStart = i + 1;
          expectKey = false;
        }
      } else if (b === 123 || b === 91) {
        depth++;
        if (depth === 1) expectKey = true;
      } else if (b === 125 || b === 93) depth--;
      else if (depth === 1 && b === 44) expectKey = true;
      else if (depth === 1 && b === 58) expectValue = true;
      at.advance(b);
    }
    if (keyBytes) {
      keyBytes.push(chunk.slice(keyStart));
      keyStart = 0;
    }
  }
  return out;
}

/** elementInWindow's answer when the element is not whole in the window. */
const NEED = Symbol('need more bytes');

/** Bytes of ASCII text as a string. */
function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
  return s;
}

interface Element {
  text: string;
  line: number;
  column: number;
}

/** The elements of one top-level array, read by position a window at a time. */
class ElementCursor {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private next = 0;
  private readonly at = new Place();
  private started = false;
  private ended = false;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly source: DataSource & { read(offset: number, length: number): Promise<Uint8Array> },
    private readonly value: TopValue,
    private readonly size: number,
  ) {
    this.next = value.offset;
    this.at.line = value.line;
    this.at.column = value.column;
  }

  private here(): SourcePlace {
    return { source: this.source.name, line: this.at.line, column: this.at.column };
  }

  /** The next byte, −1 at the end of the file. */
  private async peek(): Promise<number> {
    if (this.pos < this.buf.length) return this.buf[this.pos];
    if (this.next >= this.size) return -1;
    this.buf = await this.source.read(this.next, Math.min(WINDOW, this.size - this.next));
    this.next += this.buf.length;
    this.pos = 0;
    return this.buf.length ? this.buf[0] : -1;
  }

  private take(): void {
    this.at.advance(this.buf[this.pos++]);
  }

  private async skipSpace(): Promise<number> {
    for (;;) {
      const b = await this.peek();
      if (b < 0 || !isSpace(b)) return b;
      this.take();
    }
  }

  private fail(expected: string, found: number): never {
    throw new InputError(this.here(), `${expected}, found ${found < 0 ? 'the end of the file' : quote(String.fromCharCode(found))}`);
  }

  /**
   * The next element when it lies whole in the window already read (nearly always), without a
   * promise: NEED when it does not (nothing is taken then; element() reads on).
   */
  elementInWindow(): Element | undefined | typeof NEED {
    if (this.ended) return undefined;
    if (!this.started) return NEED;
    const buf = this.buf;
    let i = this.pos;
    const space = () => {
      while (i < buf.length && isSpace(buf[i])) i++;
    };
    space();
    if (i >= buf.length) return NEED;
    let b = buf[i];
    if (b === 93) return NEED;
    if (b !== 44) return NEED;
    i++;
    space();
    if (i >= buf.length) return NEED;
    b = buf[i];
    // Numbers and words only: strings and nested rows take the general path.
    if (b === 91 || b === 123 || b === 34 || b === 93 || b === 44) return NEED;
    const start = i;
    while (i < buf.length) {
      const c = buf[i];
      if (c === 44 || c === 93 || c === 125 || isSpace(c)) break;
      if (c >= 0x80) return NEED;
      i++;
    }
    if (i >= buf.length) return NEED;
    // Whole in the window: take the bytes (the counting of lines and columns included).
    while (this.pos < start) this.take();
    const line = this.at.line;
    const column = this.at.column;
    // A number or word is ASCII: one column a byte.
    this.at.column += i - start;
    this.pos = i;
    return { text: latin1(buf, start, i), line, column };
  }

  /** The next element as written, or undefined after the array's "]". */
  async element(): Promise<Element | undefined> {
    if (this.ended) return undefined;
    let b = await this.skipSpace();
    if (!this.started) {
      this.started = true;
      this.take();
      b = await this.skipSpace();
      if (b === 93) {
        this.take();
        this.ended = true;
        return undefined;
      }
    } else {
      if (b === 93) {
        this.take();
        this.ended = true;
        return undefined;
      }
      if (b !== 44) this.fail(`expected "," or "]" in "${this.value.key}"`, b);
      this.take();
      b = await this.skipSpace();
    }
    if (b < 0 || b === 93 || b === 44) this.fail(`expected a value in "${this.value.key}"`, b);
    const line = this.at.line;
    const column = this.at.column;
    const parts: Uint8Array[] = [];
    let bytes = 0;
    let depth = 0;
    let inString = false;
    let escaped = false;
    const scalar = !(b === 91 || b === 123 || b === 34);
    for (;;) {
      const start = this.pos;
      let done = false;
      while (this.pos < this.buf.length) {
        const c = this.buf[this.pos];
        if (scalar) {
          if (c === 44 || c === 93 || c === 125 || isSpace(c)) {
            done = true;
            break;
          }
        } else if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34) inString = false;
        } else if (c === 34) inString = true;
        else if (c === 91 || c === 123) depth++;
        else if (c === 93 || c === 125) depth--;
        this.take();
        if (!scalar && depth === 0 && !inString) {
          done = true;
          break;
        }
      }
      parts.push(this.buf.subarray(start, this.pos));
      bytes += this.pos - start;
      if (bytes > MAX_RECORD_BYTES) throw new InputError({ source: this.source.name, line, column }, `an element of "${this.value.key}" is longer than ${MAX_RECORD_TEXT}: expected numbers or short rows of them`);
      if (done) break;
      if ((await this.peek()) < 0) {
        if (scalar) break;
        this.fail(`the JSON ends inside "${this.value.key}"`, -1);
      }
      parts[parts.length - 1] = parts[parts.length - 1].slice();
    }
    return { text: this.decoder.decode(concatBytes(parts)), line, column };
  }
}

/** computeFileLoss for an object of arrays past the size read whole. */
export async function computeJsonColumns(source: DataSource, options: FileComputeOptions): Promise<FileLossResult> {
  const name = source.name;
  const read = source.read?.bind(source);
  const size = source.size;
  if (!read || size === undefined) throw new Error('internal: an object of arrays is streamed from a source read by position');
  const top = await topLevel(source);
  const start: SourcePlace = top.length ? { source: name, line: top[0].line, column: top[0].column } : { source: name, line: 1, column: 1 };
  const plan = resolveColumns(
    top.map((t) => t.key),
    true,
    options.columns,
    (message, column) => {
      const t = column === undefined ? undefined : top[column];
      throw new InputError(t ? { source: name, line: t.line, column: t.column } : start, message);
    },
    'key',
  );
  const needed = [...new Set([...plan.yTrue, ...plan.yPred, plan.weight, plan.epoch, plan.split].filter((c) => c >= 0))];
  for (const c of needed) {
    const t = top[c];
    if (t.first !== 91) throw new InputError({ source: name, line: t.line, column: t.column }, `"${t.key}" must be an array, found ${quote(String.fromCharCode(t.first))}`);
  }
  const pred = top[plan.yPred[0]];
  return runLanes(name, 'json', options.variants, async (asLogits, variants) => {
    let sink: RowSink | undefined;
    let specs: (LaneSpec | LaneError | undefined)[] = [];
    const records = new JsonRecords({
      name,
      ...(options.columns ? { columns: options.columns } : {}),
      what: 'the element',
      start: (shape) => {
        specs = planLanes({ variants: [...variants], asLogits }, { labels: shape.ly, predictions: shape.lp, fromLogitsByName: shape.columns.fromLogitsByName });
        const runnable = specs.map((s) => (s && !isLaneError(s) ? s : undefined));
        sink = new RowSink(runnable, { name, onInvalid: options.onInvalid ?? 'error', epochs: shape.columns.epoch >= 0, weighted: shape.columns.weight >= 0, ly: shape.ly, lp: shape.lp, ...(options.metrics ? { metrics: true } : {}), perSample: passStreams(options.perSample, options.variants, asLogits) });
        return sink;
      },
    });
    const cursors = needed.map((c) => new ElementCursor({ ...source, read }, top[c], size));
    let rows = 0;
    let complete = true;
    for (;;) {
      const elements: (Element | undefined)[] = [];
      for (const c of cursors) {
        const e = c.elementInWindow();
        elements.push(e === NEED ? await c.element() : e);
      }
      const missing = elements.findIndex((e) => e === undefined);
      if (missing >= 0) {
        const longer = elements.findIndex((e) => e !== undefined);
        if (longer >= 0) {
          const short = top[needed[missing]];
          const long = top[needed[longer]];
          throw new InputError({ source: name, line: short.line, column: short.column }, `shape mismatch: "${short.key}" has ${rows} values but "${long.key}" has more`);
        }
        break;
      }
      let text = '{';
      const segments: { from: number; token: number; element: Element }[] = [];
      elements.forEach((e, k) => {
        const element = e as Element;
        const from = text.length;
        text += (k ? ',' : '') + JSON.stringify(top[needed[k]].key) + ':';
        segments.push({ from, token: text.length, element });
        text += element.text;
      });
      text += '}';
      const placeOf = (offset: number): SourcePlace => {
        let s = segments[0];
        for (const seg of segments) if (seg.from <= offset) s = seg;
        if (offset < s.token) return { source: name, line: s.element.line, column: s.element.column };
        return placeIn(s.element.text, offset - s.token, name, s.element.line, s.element.column);
      };
      const predElement = elements[needed.indexOf(plan.yPred[0])] as Element;
      records.record(text, predElement.line, predElement.column, placeOf);
      rows++;
      if ((rows & 4095) === 0) {
        checkAbort(options.signal);
        records.flush();
        await sink?.ready();
        if (sink && !sink.live) {
          complete = false;
          break;
        }
      }
    }
    records.flush();
    if (!sink || !records.shape) throw new InputError({ source: name, line: pred.line, column: pred.column }, `"${pred.key}" has no values`);
    return { state: sink.state(), specs, bytes: size, complete, columns: records.shape.columns };
  }, options.metrics === true);
}

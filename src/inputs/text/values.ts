/**
 * Recursive-descent parser for one array literal and its elements, in the syntax of Python,
 * JavaScript or JSON: [..] lists (commas optional, as NumPy prints them), (..) tuples,
 * np.array(..)/torch.tensor(..)/tf.constant(..) calls, numbers, booleans, quoted strings and the
 * spellings of NaN and infinity. It builds a tree of nodes that keep their tokens (a bracket of
 * numbers only is one node, its numbers read by the tokenizer's fast path); shapes and roles are
 * checked later.
 */
import type { Brackets } from './brackets';
import type { NumberRun } from './numberRun';
import { fail, type Place } from './place';
import { dottedNameEnd, spell, type Token } from './tokenizer';

export interface Scalar {
  kind: 'scalar';
  value: number | boolean | string;
  first: Token;
  last: Token;
}

export interface List {
  kind: 'list';
  items: Node[];
  /** The opening bracket (or, for rows and columns of plain text, the first token). */
  open: Token;
}

/** A list of numbers only, read by the fast path (numberRun.ts): its elements have no node each. */
export interface Numbers {
  kind: 'numbers';
  run: NumberRun;
  /** The opening bracket. */
  open: Token;
}

export type Node = Scalar | List | Numbers;

/** A list either way: its length, and the place it starts. */
export function isList(node: Node): node is List | Numbers {
  return node.kind !== 'scalar';
}

export function lengthOf(list: List | Numbers): number {
  return list.kind === 'list' ? list.items.length : list.run.length;
}

/** Functions whose first argument is the array: np.array(x, dtype=…), torch.tensor(x), … */
const CONSTRUCTORS = new Set([
  'array', 'asarray', 'asanyarray', 'ascontiguousarray', 'asfarray',
  'tensor', 'as_tensor', 'Tensor', 'FloatTensor', 'DoubleTensor', 'LongTensor', 'IntTensor', 'BoolTensor', 'HalfTensor', 'from_numpy',
  'constant', 'convert_to_tensor', 'Variable', 'tensor1d', 'tensor2d',
  'list', 'tuple', 'Series', 'float32', 'float64', 'float16', 'Float32Array', 'Float64Array',
]);
/** The keyword a constructor's data may be given by: np.array(object=[…]), torch.tensor(data=[…]). */
const DATA_KEYWORDS = new Set(['data', 'object', 'obj', 'value', 'values']);
/** float('nan'), float("inf"), Number('1e-3'): one number, possibly spelled as a string. */
const NUMBER_FUNCTIONS = new Set(['float', 'int', 'Number', 'parseFloat', 'double']);
const BOOLEANS: Record<string, boolean> = { True: true, true: true, False: false, false: false };
const SPECIAL: Record<string, number> = {
  nan: NaN, NaN: NaN, NAN: NaN,
  inf: Infinity, Inf: Infinity, INF: Infinity, infinity: Infinity, Infinity: Infinity, PINF: Infinity, POSITIVE_INFINITY: Infinity,
  NINF: -Infinity, NEGATIVE_INFINITY: -Infinity,
};
/** Deeper nesting than this (of any brackets) is an error, so recursion stays shallow. */
const MAX_DEPTH = 64;

/** Python's float() of a string: "0.5", " -1e3 ", "nan", "-inf", "Infinity"; undefined when it is none. */
export function numberOfString(s: string): number | undefined {
  const t = s.trim();
  const special = /^([+-]?)(nan|inf|infinity)$/i.exec(t);
  if (special) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  if (!isPythonDecimal(t)) return undefined;
  return Number(t.replace(/_/g, ''));
}

/**
 * Whether t is `[+-]?(d[d_]*[.][d_]*|.d[d_]*)([eE][+-]?d+)?` (d a digit), in one pass: a regular
 * expression for this backtracks quadratically on a long run of digits that ends badly.
 */
function isPythonDecimal(t: string): boolean {
  let i = 0;
  let c = t.charCodeAt(0);
  const digitOrUnderscore = () => {
    while ((c >= 48 && c <= 57) || c === 95) c = t.charCodeAt(++i);
  };
  if (c === 43 || c === 45) c = t.charCodeAt(++i);
  if (c >= 48 && c <= 57) {
    digitOrUnderscore();
    if (c === 46) {
      c = t.charCodeAt(++i);
      digitOrUnderscore();
    }
  } else if (c === 46) {
    c = t.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) return false;
    digitOrUnderscore();
  } else return false;
  if (c === 101 || c === 69) {
    c = t.charCodeAt(++i);
    if (c === 43 || c === 45) c = t.charCodeAt(++i);
    const start = i;
    while (c >= 48 && c <= 57) c = t.charCodeAt(++i);
    if (i === start) return false;
  }
  return i === t.length;
}

/** Whether a call of this function (its name without qualifiers) wraps an array literal. */
export function isArrayConstructor(name: string): boolean {
  return CONSTRUCTORS.has(name);
}

export function isNumberFunction(name: string): boolean {
  return NUMBER_FUNCTIONS.has(name);
}

/** Names that stand for a value in an array: True, nan, inf, … */
export function isValueName(name: string): boolean {
  return Object.hasOwn(BOOLEANS, name) || Object.hasOwn(SPECIAL, name);
}

export class ValueParser {
  constructor(
    private readonly tokens: readonly Token[],
    private readonly brackets: Brackets,
    readonly source: string,
    /** Where the text ends, for errors at its end. */
    private readonly end: Place,
  ) {}

  /** Parses the value that starts at token i (after line breaks); returns it and the index after it. */
  value(i: number, dimensions = 0, depth = 0): { node: Node; next: number } {
    i = this.skipNewlines(i);
    const t = this.tokens[i];
    if (!t) return this.expected(t);
    if (depth > MAX_DEPTH) fail(this.source, t, `nesting deeper than ${MAX_DEPTH} levels`);
    if (t.kind === 'punct') {
      if (t.text === '[') return this.sequence(i, dimensions, depth);
      if (t.text === '(') {
        // (x) is x; (x, y) and () are tuples.
        if (this.brackets.hasComma[i] || this.brackets.partner[i] === this.skipNewlines(i + 1)) return this.sequence(i, dimensions, depth);
        const inner = this.value(i + 1, dimensions, depth + 1);
        const close = this.skipNewlines(inner.next);
        if (close !== this.brackets.partner[i]) this.expected(this.tokens[close], '")"');
        return { node: inner.node, next: close + 1 };
      }
      if (t.text === '-' || t.text === '+') return this.signed(i, dimensions, depth);
    }
    if (t.kind === 'number') return { node: { kind: 'scalar', value: t.value as number, first: t, last: t }, next: i + 1 };
    if (t.kind === 'string') {
      if (t.unterminated) fail(this.source, t, `unterminated string: expected a closing ${t.text.replace(/^[a-zA-Z]*/, '').charAt(0)}`);
      return { node: { kind: 'scalar', value: t.value as string, first: t, last: t }, next: i + 1 };
    }
    if (t.kind === 'name') return this.named(i, dimensions, depth);
    return this.expected(t);
  }

  /** A list [a, b, …] or a tuple (a, b, …); commas between elements are optional. */
  private sequence(i: number, dimensions: number, depth: number): { node: Node; next: number } {
    const open = this.tokens[i];
    if (dimensions >= 2) fail(this.source, open, 'more than 2 dimensions: expected a list of numbers or a list of rows (samples × labels)');
    const close = this.brackets.partner[i];
    const inside = this.tokens[i + 1];
    if (inside?.kind === 'numbers' && close === i + 2) return { node: { kind: 'numbers', run: inside.run!, open }, next: close + 1 };
    const items: Node[] = [];
    let j = this.skipNewlines(i + 1);
    while (j < close) {
      const item = this.value(j, dimensions + 1, depth + 1);
      items.push(item.node);
      j = this.skipNewlines(item.next);
      const t = this.tokens[j];
      if (j < close && t.kind === 'punct' && t.text === ',') {
        j = this.skipNewlines(j + 1);
        if (this.tokens[j].kind === 'punct' && this.tokens[j].text === ',') this.expected(this.tokens[j]);
      }
    }
    return { node: { kind: 'list', items, open }, next: close + 1 };
  }

  private signed(i: number, dimensions: number, depth: number): { node: Node; next: number } {
    const sign = this.tokens[i];
    const operand = this.tokens[i + 1];
    if (!operand || operand.kind === 'newline') return this.expected(operand);
    const { node, next } = this.value(i + 1, dimensions, depth + 1);
    if (node.kind !== 'scalar' || typeof node.value !== 'number') return this.expected(operand, `a number after "${sign.text}"`);
    return { node: { kind: 'scalar', value: sign.text === '-' ? -node.value : node.value, first: sign, last: node.last }, next };
  }

  /** True, np.nan, math.inf, float('nan'), np.array([...]) and other names. */
  private named(i: number, dimensions: number, depth: number): { node: Node; next: number } {
    const j = dottedNameEnd(this.tokens, i);
    const first = this.tokens[i];
    const last = this.tokens[j];
    const name = last.text;
    const qualified = j > i;
    if (this.isPunct(j + 1, '(')) {
      const open = j + 1;
      const close = this.brackets.partner[open];
      let arg = this.skipNewlines(open + 1);
      if (CONSTRUCTORS.has(name)) {
        if (this.tokens[arg].kind === 'name' && DATA_KEYWORDS.has(this.tokens[arg].text) && this.isPunct(arg + 1, '=')) arg += 2;
        if (arg === close) return this.expected(this.tokens[arg], `an array in ${name}(…)`);
        const { node } = this.value(arg, dimensions, depth + 1);
        return { node, next: close + 1 };
      }
      if (NUMBER_FUNCTIONS.has(name)) {
        if (arg === close) return this.expected(this.tokens[arg], `a number in ${name}(…)`);
        const { node } = this.value(arg, dimensions, depth + 1);
        let value = node.kind !== 'scalar' ? undefined : typeof node.value === 'string' ? numberOfString(node.value) : Number(node.value);
        if (value === undefined) return this.expected(this.tokens[arg], `a number in ${name}(…)`);
        if (name === 'int') value = Math.trunc(value);
        return { node: { kind: 'scalar', value, first, last: this.tokens[close] }, next: close + 1 };
      }
      return this.expected(first, undefined, quoted(spell(this.tokens, i, j)));
    }
    if (!qualified && Object.hasOwn(BOOLEANS, name)) {
      return { node: { kind: 'scalar', value: BOOLEANS[name], first, last }, next: j + 1 };
    }
    if (Object.hasOwn(SPECIAL, name)) return { node: { kind: 'scalar', value: SPECIAL[name], first, last }, next: j + 1 };
    return this.expected(first, undefined, quoted(spell(this.tokens, i, j)));
  }

  fail(at: Place, detail: string): never {
    fail(this.source, at, detail);
  }

  private expected(t: Token | undefined, what = 'a number', got?: string): never {
    let found = got ?? (t === undefined ? 'the end of the selection' : t.kind === 'newline' ? 'the end of the line' : quoted(t.text));
    if (t?.text === '...') found += ' (the array looks truncated, as NumPy prints long arrays)';
    fail(this.source, t ?? this.end, `expected ${what}, got ${found}`);
  }

  private isPunct(i: number, text: string): boolean {
    const t = this.tokens[i];
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  private skipNewlines(i: number): number {
    while (i < this.tokens.length && this.tokens[i].kind === 'newline') i++;
    return i;
  }
}

/** Text as messages quote it, shortened when long. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 21)}...` : text);
}

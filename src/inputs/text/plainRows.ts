/**
 * Reads text without array literals: plain lines of numbers (separated by spaces, commas, tabs or
 * semicolons), optionally named (`y_true: 0 1 0`), or CSV/TSV with a header row whose columns are
 * found by name (`y_true,y_pred` or `label\tprob\tweight`), each row one sample.
 */
import type { Candidate, NameRef } from './findArrays';
import { InputError, quote } from '../inputError';
import { dottedNameEnd, spell, type Token } from './tokenizer';
import { isValueName, numberOfString, type List, type Scalar, type ValueParser } from './values';

interface Line {
  first: Token;
  /** `y_true: 0 1 0` */
  name?: NameRef;
  values: Scalar[];
  /** The line reads as names only: a header. */
  names?: NameRef[];
  error?: InputError;
}

const SEPARATORS = new Set([',', ';', '|']);

/**
 * The arrays in plain rows, or none when the text does not look like rows of numbers.
 * oneArray (a selection among several): the whole text is one array — a row, a column or rows.
 */
export function readRows(tokens: readonly Token[], parser: ValueParser, oneArray: boolean): Candidate[] {
  const ranges = lineRanges(tokens);
  const header = ranges.length > 1 ? headerNames(tokens, ranges[0][0], ranges[0][1]) : undefined;
  const rows = (header ? ranges.slice(1) : ranges).map(([from, to]) => readLine(tokens, from, to, parser, !header));
  const clean = rows.filter((l) => !l.error && !l.names);
  const looksLikeRows = header
    ? rows.some((l) => l.values.length > 0)
    : oneArray
      ? clean.length > 0
      : clean.length >= 2 || clean.some((l) => l.values.length >= 2);
  if (!looksLikeRows) return [];
  const bad = rows.find((l) => l.error || l.names);
  if (bad?.error) throw bad.error;
  if (bad) parser.fail(bad.first, `expected a number, got ${quote(bad.first.text)}`);

  if (header) {
    for (const line of rows) {
      if (line.values.length !== header.length) {
        const got = line.values.length;
        parser.fail(line.first, `this row has ${got} value${got === 1 ? '' : 's'} but the header has ${header.length} columns`);
      }
    }
    return header.map((name, j) => column(rows, j, name.token, name));
  }
  if (oneArray) {
    const name = rows.length === 1 ? rows[0].name : undefined;
    let node: List;
    if (rows.length === 1) node = row(rows[0]);
    else if (rows.every((l) => l.values.length === 1)) node = { kind: 'list', items: rows.map((l) => l.values[0]), open: rows[0].values[0].first };
    else node = { kind: 'list', items: rows.map(row), open: rows[0].first };
    return [{ ...(name ? { name } : {}), node, at: node.open }];
  }
  const width = rows[0].values.length;
  if (rows.length > 3 && !rows.some((l) => l.name) && (width === 2 || width === 3) && rows.every((l) => l.values.length === width)) {
    // Rows of (label, prediction[, weight]) without a header.
    return Array.from({ length: width }, (_, j) => column(rows, j, rows[0].values[j].first));
  }
  // Each line one array: labels, predictions, weights.
  return rows.map((l) => ({ ...(l.name ? { name: l.name } : {}), node: row(l), at: l.first }));
}

function row(line: Line): List {
  return { kind: 'list', items: line.values, open: line.values[0]?.first ?? line.first };
}

function column(data: readonly Line[], j: number, open: Token, name?: NameRef): Candidate {
  return { ...(name ? { name } : {}), node: { kind: 'list', items: data.map((l) => l.values[j]), open }, at: open };
}

/** [from, to) token indices of each non-empty line. */
function lineRanges(tokens: readonly Token[]): [number, number][] {
  const ranges: [number, number][] = [];
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i].kind === 'newline') {
      i++;
      continue;
    }
    let end = i;
    while (end < tokens.length && tokens[end].kind !== 'newline') end++;
    ranges.push([i, end]);
    i = end;
  }
  return ranges;
}

/** One line, tokens [from, to): an optional name (unless in a CSV table) and values; or names only. */
function readLine(tokens: readonly Token[], from: number, to: number, parser: ValueParser, named: boolean): Line {
  const line: Line = { first: tokens[from], values: [] };
  if (named) {
    const names = headerNames(tokens, from, to);
    if (names) {
      line.names = names;
      return line;
    }
  }
  let i = from;
  const nameEnd = named ? chainEnd(tokens, i, to) : i;
  if (nameEnd > i && !isValueName(tokens[nameEnd - 1].text) && tokens[nameEnd]?.text !== '(') {
    line.name = { text: spell(tokens, i, nameEnd - 1), token: tokens[i] };
    i = nameEnd;
    if (i < to && (tokens[i].text === ':' || tokens[i].text === '=')) i++;
  }
  let separated = true;
  try {
    while (i < to) {
      const t = tokens[i];
      if (t.kind === 'punct' && SEPARATORS.has(t.text)) {
        if (separated && line.values.length > 0) parser.fail(t, `expected a number, got ${quote(t.text)} (an empty field)`);
        if (line.values.length === 0) parser.fail(t, `expected a number, got ${quote(t.text)}`);
        separated = true;
        i++;
        continue;
      }
      const { node, next } = parser.value(i);
      if (node.kind !== 'scalar') parser.fail(node.open, `expected a number, got ${quote(node.open.text)}`);
      line.values.push(unquote(node));
      separated = false;
      i = next;
    }
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    line.error = e;
  }
  return line;
}

/** A header: every field a name or a quoted non-number, separated by commas, tabs or spaces. */
function headerNames(tokens: readonly Token[], from: number, to: number): NameRef[] | undefined {
  const names: NameRef[] = [];
  let i = from;
  while (i < to) {
    const t = tokens[i];
    if (t.kind === 'punct' && SEPARATORS.has(t.text)) {
      i++;
      continue;
    }
    if (t.kind === 'string' && numberOfString(String(t.value)) === undefined) {
      names.push({ text: String(t.value), token: t });
      i++;
      continue;
    }
    const end = chainEnd(tokens, i, to);
    if (end === i || isValueName(tokens[end - 1].text)) return undefined;
    names.push({ text: spell(tokens, i, end - 1), token: t });
    i = end;
  }
  return names.length > 0 ? names : undefined;
}

/** The end (exclusive) of a dotted name a.b.c starting at i, or i when there is none. */
function chainEnd(tokens: readonly Token[], i: number, to: number): number {
  return tokens[i]?.kind === 'name' ? Math.min(dottedNameEnd(tokens, i) + 1, to) : i;
}

/** In rows, "0.5" is a quoted number (as CSV writes them); other strings stay strings (class names). */
function unquote(s: Scalar): Scalar {
  if (typeof s.value !== 'string') return s;
  const n = numberOfString(s.value);
  return n === undefined ? s : { ...s, value: n };
}

/**
 * Turns a parsed array into the values of one role (1-D, or 2-D: samples × labels) with the
 * document range of every element, checking that rows are not ragged, that there are at most two
 * dimensions, and that only labels are strings. The ranges of a run of numbers (numberRun.ts) are
 * made when read, not built for every element.
 */
import type { Label } from '../../core';
import type { Candidate } from './findArrays';
import { lazyArray } from './lazyArray';
import { fail, rangeOf, type Place, type SourceRange } from './place';
import { quote } from '../inputError';
import { ROLE_NAME } from '../roleNames';
import type { Role } from './roles';
import { isList, lengthOf, type List, type Node, type Numbers, type Scalar } from './values';

export interface Shaped {
  /** A 1-D run of numbers stays the Float64Array the tokenizer read it into. */
  values: (Label | Label[])[] | Float64Array;
  /** ranges[i][j]: element j of sample i (j = 0 only for 1-D). */
  ranges: SourceRange[][];
  /** Where sample i starts: its element, or its row's opening bracket. */
  startOf(i: number): Place;
  /** Labels per row; 0 for a 1-D array. */
  width: number;
  twoD: boolean;
}

export function shapeArray(c: Candidate, role: Role, source: string): Shaped {
  const node = c.node!;
  // A run holds numbers only, which every role takes as they are.
  if (node.kind === 'numbers') return runColumn(node);
  const items = node.items;
  const values: (Label | Label[])[] = [];
  const ranges: SourceRange[][] = [];
  const starts: Place[] = [];
  const twoD = items.length > 0 && isList(items[0]);
  const width = twoD ? lengthOf(items[0] as List | Numbers) : 0;
  if (twoD && role === 'sampleWeight') {
    // Keras' own tests pass weights shaped (n, 1): one per sample, as a column.
    if (width !== 1) fail(source, start(items[0]), `sample_weight must hold one weight per sample, shaped (n,) or (n, 1); row 0 has ${width} values`);
    return column(items, source);
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    starts.push(start(item));
    if (!twoD) {
      if (isList(item)) fail(source, item.open, `ragged row: element ${i} is a list but element 0 is a single value`);
      values.push(element(item, role, source));
      ranges.push([rangeOf(item.first, item.last)]);
      continue;
    }
    if (!isList(item)) fail(source, item.first, `ragged row: row ${i} is a single value but row 0 has ${width} values`);
    if (lengthOf(item) !== width) fail(source, item.open, `ragged row: row ${i} has ${lengthOf(item)} values but row 0 has ${width}`);
    if (item.kind === 'numbers') {
      const run = item.run;
      values.push(Array.from(run.values));
      ranges.push(lazyArray(run.length, (j) => run.rangeOf(j)));
      continue;
    }
    const row: Label[] = [];
    const rowRanges: SourceRange[] = [];
    for (const x of item.items) {
      // values.ts allows at most two levels of lists, so x is a scalar.
      const s = x as Scalar;
      row.push(element(s, role, source));
      rowRanges.push(rangeOf(s.first, s.last));
    }
    values.push(row);
    ranges.push(rowRanges);
  }
  return { values, ranges, startOf: (i) => starts[i], width, twoD };
}

/** A 1-D run of numbers: its values as they are, its places looked up when asked for. */
function runColumn({ run }: Numbers): Shaped {
  return { values: run.values, ranges: lazyArray(run.length, (i) => [run.rangeOf(i)]), startOf: (i) => run.placeOf(i), width: 0, twoD: false };
}

/** sample_weight shaped (n, 1): each row's one value, as a 1-D array. */
function column(items: Node[], source: string): Shaped {
  const values: Label[] = [];
  const ranges: SourceRange[][] = [];
  const starts: Place[] = [];
  items.forEach((item, i) => {
    // A run has at least MIN_RUN values, so a row of one value is a list.
    if (item.kind !== 'list' || item.items.length !== 1) {
      fail(source, start(item), `ragged sample_weight: row ${i} is not one value in brackets like row 0`);
    }
    const s = item.items[0] as Scalar;
    starts.push(item.open);
    values.push(element(s, 'sampleWeight', source));
    ranges.push([rangeOf(s.first, s.last)]);
  });
  return { values, ranges, startOf: (i) => starts[i], width: 0, twoD: false };
}

function start(node: Node): Place {
  return isList(node) ? node.open : node.first;
}

function element(s: Scalar, role: Role, source: string): Label {
  if (typeof s.value === 'string') {
    if (role === 'yTrue') return s.value;
    fail(source, s.first, `expected a number in ${ROLE_NAME[role]}, got the string ${quote(s.value)} (only y_true may hold class names)`);
  }
  if (typeof s.value === 'boolean' && role !== 'yTrue') return s.value ? 1 : 0;
  return s.value;
}

/**
 * Turns a parsed array into the values of one role (1-D, or 2-D: samples × labels) with the
 * document range of every element, checking that rows are not ragged, that there are at most two
 * dimensions, and that only labels are strings.
 */
import type { Label } from '../../core';
import type { Candidate } from './findArrays';
import { fail, rangeOf, type Place, type SourceRange } from './place';
import { quote } from '../inputError';
import type { Role } from './roles';
import type { Node, Scalar } from './values';

export const ROLE_NAME: Record<Role, string> = { yTrue: 'y_true', yPred: 'y_pred', sampleWeight: 'sample_weight' };

export interface Shaped {
  values: (Label | Label[])[];
  /** ranges[i][j]: element j of sample i (j = 0 only for 1-D). */
  ranges: SourceRange[][];
  /** Where each sample starts: its element, or its row's opening bracket. */
  starts: Place[];
  /** Labels per row; 0 for a 1-D array. */
  width: number;
  twoD: boolean;
}

export function shapeArray(c: Candidate, role: Role, source: string): Shaped {
  const items = c.node!.items;
  const values: (Label | Label[])[] = [];
  const ranges: SourceRange[][] = [];
  const starts: Place[] = [];
  const twoD = items.length > 0 && items[0].kind === 'list';
  const width = twoD ? (items[0] as { items: Node[] }).items.length : 0;
  if (twoD && role === 'sampleWeight') {
    // Keras' own tests pass weights shaped (n, 1): one per sample, as a column.
    if (width !== 1) fail(source, start(items[0]), `sample_weight must hold one weight per sample, shaped (n,) or (n, 1); row 0 has ${width} values`);
    return column(items, source);
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    starts.push(start(item));
    if (!twoD) {
      if (item.kind === 'list') fail(source, item.open, `ragged row: element ${i} is a list but element 0 is a single value`);
      values.push(element(item, role, source));
      ranges.push([rangeOf(item.first, item.last)]);
      continue;
    }
    if (item.kind !== 'list') fail(source, item.first, `ragged row: row ${i} is a single value but row 0 has ${width} values`);
    if (item.items.length !== width) fail(source, item.open, `ragged row: row ${i} has ${item.items.length} values but row 0 has ${width}`);
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
  return { values, ranges, starts, width, twoD };
}

/** sample_weight shaped (n, 1): each row's one value, as a 1-D array. */
function column(items: Node[], source: string): Shaped {
  const values: Label[] = [];
  const ranges: SourceRange[][] = [];
  const starts: Place[] = [];
  items.forEach((item, i) => {
    if (item.kind !== 'list' || item.items.length !== 1) {
      fail(source, start(item), `ragged sample_weight: row ${i} is not one value in brackets like row 0`);
    }
    const s = item.items[0] as Scalar;
    starts.push(item.open);
    values.push(element(s, 'sampleWeight', source));
    ranges.push([rangeOf(s.first, s.last)]);
  });
  return { values, ranges, starts, width: 0, twoD: false };
}

function start(node: Node): Place {
  return node.kind === 'list' ? node.open : node.first;
}

function element(s: Scalar, role: Role, source: string): Label {
  if (typeof s.value === 'string') {
    if (role === 'yTrue') return s.value;
    fail(source, s.first, `expected a number in ${ROLE_NAME[role]}, got the string ${quote(s.value)} (only y_true may hold class names)`);
  }
  if (typeof s.value === 'boolean' && role !== 'yTrue') return s.value ? 1 : 0;
  return s.value;
}

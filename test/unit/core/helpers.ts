import * as assert from 'node:assert/strict';
import type { LossOptions } from '../../../src/core';

export const keras: LossOptions = { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };

export function close(actual: unknown, expected: number, relative = 1e-12, absolute = 0): void {
  assert.equal(typeof actual, 'number', `expected a number, got ${JSON.stringify(actual)}`);
  const a = actual as number;
  const tolerance = Math.max(absolute, relative * Math.abs(expected));
  assert.ok(Math.abs(a - expected) <= tolerance, `${a} is not within ${tolerance} of ${expected}`);
}

/** Rounded as the frameworks print their docstring examples. */
export function rounded(actual: unknown, digits: number): number {
  assert.equal(typeof actual, 'number');
  return Number((actual as number).toFixed(digits));
}

/** Shewchuk's exact summation (Python's math.fsum): the correctly rounded sum of doubles. */
export function exactSum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

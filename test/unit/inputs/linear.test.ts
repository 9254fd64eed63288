/**
 * Scanning is linear in the input: long fields that end badly once made regular expressions
 * backtrack for minutes. Each input below took the old code far beyond mocha's timeout; the
 * answers are checked, the time is not (speed belongs to bench/).
 */
import * as assert from 'node:assert/strict';
import { resolveColumns } from '../../../src/inputs/files/columns';
import { parseNumberText } from '../../../src/inputs/files/number';
import { numberOfString } from '../../../src/inputs/text/values';

const digits = (n: number) => '1'.repeat(n);
const noFail = (message: string): never => assert.fail(message);

describe('linear scanning of long fields', () => {
  it('parseNumberText: a million digits then a letter is not a number; long numbers still are', () => {
    assert.equal(parseNumberText(`${digits(1_000_000)}x`), undefined);
    assert.equal(parseNumberText(`${digits(1_000_000)}.${digits(10)}e`), undefined);
    assert.equal(parseNumberText(` 0.${'0'.repeat(100_000)}5e100001 `), 5);
    for (const [t, v] of [['5.', 5], ['.5', 0.5], ['-1e-3', -1e-3], ['+2E2', 200]] as const) assert.equal(parseNumberText(t), v);
    for (const t of ['.', '1e', '1e+', 'e1', '1.2.3', '--1', '']) assert.equal(parseNumberText(t), undefined, t);
  });

  it('numberOfString (float("…") in a selection): the same, with underscores', () => {
    assert.equal(numberOfString(`${digits(1_000_000)}x`), undefined);
    assert.equal(numberOfString(`${digits(500_000)}.${digits(500_000)}_x`), undefined);
    assert.equal(numberOfString('1_000.5e3'), 1000500);
    assert.equal(numberOfString(' -.5 '), -0.5);
    for (const t of ['_1', '.', '._5', '1e_3', '1e', 'x']) assert.equal(numberOfString(t), undefined, t);
  });

  it('column groups: a header name of 400,000 digits then a letter is just a name', () => {
    const plan = resolveColumns(['y_true', 'y_pred', `${digits(400_000)}x`], true, undefined, noFail);
    assert.deepEqual([plan.yTrue, plan.yPred], [[0], [1]]);
    const grouped = resolveColumns(['y_true_0', 'y_true[1]', 'y_pred0', 'y_pred_1', 'w'], true, undefined, noFail);
    assert.deepEqual([grouped.yTrue, grouped.yPred, grouped.weight], [[0, 1], [2, 3], 4]);
  });
});

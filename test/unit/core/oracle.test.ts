/**
 * Every preset against the frameworks themselves: test/fixtures/oracle/frameworks.json, written by
 * scripts/generate-oracle.py with real torch, scikit-learn and XGBoost (Debian's packages) and, for
 * the libraries that do not install here, their formulas transcribed from the cited source.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeLoss, SEMANTICS, type LossInput, type LossOptions } from '../../../src/core';

interface OracleCase {
  name: string;
  library: string;
  options: LossOptions;
  input: LossInput;
  expected: number | number[];
  tolerance: number;
}

const file = path.join(__dirname, '..', '..', 'fixtures', 'oracle', 'frameworks.json');
const { cases } = JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: OracleCase[] };

function close(actual: number, expected: number, tolerance: number, what: string): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(Math.abs(actual - expected) <= tolerance * scale, `${what}: ${actual} vs ${expected} (relative ${Math.abs(actual - expected) / scale}, allowed ${tolerance})`);
}

describe('oracle: the frameworks themselves', () => {
  it('covers every preset but the Keras ones (those are checked against published values)', () => {
    const covered = new Set(cases.map((c) => c.options.semantics));
    for (const s of SEMANTICS) if (s !== 'keras' && s !== 'tf-keras2') assert.ok(covered.has(s), `no oracle case for ${s}`);
  });

  for (const c of cases) {
    it(`${c.name} (${c.library})`, () => {
      const r = computeLoss(c.input, c.options);
      if (Array.isArray(c.expected)) {
        const got = (r.loss as number[]).flat();
        const want = c.expected.flat();
        assert.equal(got.length, want.length);
        want.forEach((w, i) => close(got[i], w, c.tolerance, `element ${i}`));
      } else close(r.loss as number, c.expected, c.tolerance, 'loss');
    });
  }
});

/**
 * Lanes whose framework refuses probabilities (optax, tf.nn) in "auto" mode only look for the row
 * that decides them (issue 15: they computed a loss for every row, then were refused). As lane 0
 * (which is never a probe) they compute in full: the two must give the same result or error, at
 * the same place, whatever the data (a logit early or late, no rows, bad rows skipped), from a
 * file, a pipe and a .npy.
 */
import * as assert from 'node:assert/strict';
import type { LossOptions } from '../../../src/core';
import { computeFileLoss, type FileLossResult } from '../../../src/inputs/files';
import { keras, npy, pipe, source } from './filesHelpers';

const optax: LossOptions = { ...keras, semantics: 'optax' };
const tfNn: LossOptions = { ...keras, semantics: 'tf-nn' };

function rows(n: number, edit: (i: number) => string | undefined = () => undefined): string {
  const out = ['y_true,y_pred'];
  for (let i = 0; i < n; i++) out.push(edit(i) ?? `${i % 3 === 0 ? 1 : 0},${((i * 37) % 97) / 100 + 0.005}`);
  return out.join('\n') + '\n';
}

/** Lane 0 computes `variant` in full; lane 2 is its probe. */
function same(r: FileLossResult, what: string): void {
  assert.deepEqual(r.results[2], r.results[0], what);
}

const CASES: [string, string][] = [
  ['probabilities only', rows(70000)],
  ['a logit in the first row', rows(100, (i) => (i === 0 ? '1,2.5' : undefined))],
  ['a logit deep in a later batch', rows(70000, (i) => (i === 65000 ? '0,-3' : undefined))],
  ['no rows', 'y_true,y_pred\n'],
];

describe('data files: probe lanes for frameworks that refuse probabilities', () => {
  for (const variant of [optax, tfNn]) {
    for (const [what, text] of CASES) {
      it(`${variant.semantics}: ${what}, from a file and a pipe`, async () => {
        same(await computeFileLoss(source(text), { variants: [variant, keras, variant] }), what);
        same(await computeFileLoss(pipe(text, 'data.csv'), { variants: [variant, keras, variant], format: 'csv' }), `${what} (pipe)`);
      });
    }
  }

  it('bad rows skipped (the readers check them before the lanes), then a logit', async () => {
    const text = rows(40000, (i) => (i === 30000 ? '1,nan' : i === 30001 ? '2,0.5' : i === 35000 ? '1,4' : undefined));
    for (const variant of [optax, tfNn]) same(await computeFileLoss(source(text), { variants: [variant, keras, variant], onInvalid: 'skip' }), variant.semantics);
  });

  /** A .npy of [y, p] rows: its rows have no line, so a logit is named as y_pred[i]. */
  const pairs = (n: number, edit: (i: number) => [number, number] | undefined) =>
    npy({ descr: '<f8', shape: [n, 2], values: Array.from({ length: n }, (_, i) => edit(i) ?? [i % 2, ((i * 7) % 10) / 10]).flat() });
  const NPY: [string, Uint8Array][] = [
    ['a logit', pairs(3000, (i) => (i === 2500 ? [1, 3] : undefined))],
    ['a logit in the last row', pairs(40000, (i) => (i === 39999 ? [1, -4] : undefined))],
  ];
  for (const [what, bytes] of NPY) {
    it(`a .npy: ${what}`, async () => {
      for (const variant of [optax, tfNn]) same(await computeFileLoss(source(bytes, 'pairs.npy'), { variants: [variant, keras, variant] }), `${variant.semantics}: ${what}`);
    });
  }
});

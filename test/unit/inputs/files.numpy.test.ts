import * as assert from 'node:assert/strict';
import { computeLoss, type LossResult } from '../../../src/core';
import { computeFileLoss, type FileComputeOptions, type FileLossResult } from '../../../src/inputs/files';
import { InputError } from '../../../src/inputs/inputError';
import { keras, npy, npz, sklearn, source, torch } from './filesHelpers';

function ok(r: FileLossResult, k = 0): LossResult {
  const x = r.results[k];
  if (!x.ok) assert.fail(`variant ${k} failed: ${x.error}`);
  return x.result;
}

const run = (bytes: Uint8Array, name: string, options: Partial<FileComputeOptions> = {}, chunk = 65536) =>
  computeFileLoss(source(bytes, name, chunk), { variants: [keras], ...options });

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

const Y = [0, 1, 1, 0, 1, 0];
const P = [0.25, 0.75, 0.5, 0.125, 1, 0]; // exact in float16
const W = [1, 2, 0, 1, 3, 1];
const expected = computeLoss({ yTrue: Y, yPred: P }, keras).loss as number;
const weighted = computeLoss({ yTrue: Y, yPred: P, sampleWeight: W }, keras).loss as number;

describe('data files: .npy', () => {
  it('reads (n, 2) float arrays of every float size, byte order and memory order, in any chunks', async () => {
    const values = Y.flatMap((y, i) => [y, P[i]]);
    for (const descr of ['<f8', '>f8', '<f4', '>f4', '<f2', '>f2', '=f8'])
      for (const fortran of [false, true])
        for (const chunk of [3, 65536]) {
          const r = await run(npy({ descr, shape: [6, 2], values, fortran }), 'a.npy', {}, chunk);
          assert.equal(ok(r).loss, expected, `${descr} fortran=${fortran} chunk=${chunk}`);
          assert.equal(r.rows, 6);
          assert.equal(r.format, 'npy');
        }
  });

  it('reads labels of integer and bool dtypes in (n, 3) arrays with weights', async () => {
    const values = Y.flatMap((y, i) => [y, P[i], W[i]]);
    for (const descr of ['|i1', '|u1', '<i2', '>u2', '<i4', '>i4', '<u4', '<i8', '>i8', '<u8']) {
      // ints cannot hold the probabilities: y and w as ints, p scaled by 8 (0…8) makes no sense, so check with probabilities 0/1
      const ints = Y.flatMap((y, i) => [y, y, W[i]]);
      const r = await run(npy({ descr, shape: [6, 3], values: ints }), 'i.npy');
      assert.equal(ok(r).loss, computeLoss({ yTrue: Y, yPred: Y, sampleWeight: W }, keras).loss, descr);
    }
    const f = await run(npy({ descr: '<f8', shape: [6, 3], values }), 'w.npy');
    assert.equal(ok(f).loss, weighted);
    assert.equal(f.columns.weight, 'sample_weight');
    const bools = await run(npy({ descr: '|b1', shape: [6, 2], values: Y.flatMap((y) => [y, 1 - y]) }), 'b.npy');
    assert.equal(ok(bools).stats.positives, 3);
  });

  it('reads format versions 2 and 3 headers', async () => {
    const values = Y.flatMap((y, i) => [y, P[i]]);
    for (const version of [2, 3] as const) {
      const r = await run(npy({ descr: '<f8', shape: [6, 2], values, version }), 'v.npy');
      assert.equal(ok(r).loss, expected);
    }
  });

  it('refuses what a single .npy cannot hold, object arrays and damaged files, saying why', async () => {
    await rejects(run(npy({ descr: '<f8', shape: [6], values: P }), 'one.npy'), /^one\.npy:1:1: a single \.npy has shape \(6,\): a single array can't hold both y_true and y_pred unless its shape is \(n, 2\)/);
    await rejects(run(npy({ descr: '<f8', shape: [2, 4], values: [...P, 0, 0] }), 'four.npy'), /shape \(2, 4\)/);
    const obj = npy({ descr: '<f8', shape: [6, 2], values: Y.flatMap((y, i) => [y, P[i]]) });
    const text = new TextDecoder('latin1').decode(obj).replace("'<f8'", "'|O' ");
    await rejects(run(Uint8Array.from(text, (c) => c.charCodeAt(0)), 'obj.npy'), /dtype "\|O" holds Python objects/);
    await rejects(run(new TextEncoder().encode('y_true,y_pred\n'), 'bad.npy'), /^bad\.npy:1:1: not a \.npy file/);
    const cut = npy({ descr: '<f8', shape: [6, 2], values: Y.flatMap((y, i) => [y, P[i]]) });
    await rejects(run(cut.subarray(0, cut.length - 12), 'cut.npy'), /ends before its 6 rows/);
    await rejects(run(cut.subarray(0, 20), 'head.npy'), /header is cut short/);
    await rejects(run(npy({ descr: '<c16', shape: [1, 2], values: [] }), 'c.npy'), /unsupported dtype "<c16"/);
  });

  it('reports bad values with the row, or skips them', async () => {
    const values = [1, 0.5, 2, 0.5, 0, NaN, 0, 0.5];
    await rejects(run(npy({ descr: '<f8', shape: [4, 2], values }), 'v.npy'), /^v\.npy:2:1: expected a label in \[0, 1\] in y_true \(row 1\), found "2"$/);
    const r = await run(npy({ descr: '<f8', shape: [4, 2], values }), 'v.npy', { onInvalid: 'skip' });
    assert.equal(r.rows, 2);
    assert.equal(r.invalidRows, 2);
    assert.equal(r.firstInvalid?.line, 2);
  });
});

describe('data files: .npz', () => {
  it('reads stored and deflated members by role name, 1-D and 2-D, any chunks', async () => {
    for (const stored of [[], ['y_true.npy', 'y_pred.npy', 'sample_weight.npy']])
      for (const chunk of [7, 65536]) {
        const z = npz(
          {
            'y_true.npy': npy({ descr: '|u1', shape: [6], values: Y }),
            'y_pred.npy': npy({ descr: '<f4', shape: [6], values: P }),
            'sample_weight.npy': npy({ descr: '<f8', shape: [6], values: W }),
          },
          stored,
        );
        const r = await run(z, 'a.npz', { variants: [keras, torch] }, chunk);
        assert.equal(ok(r).loss, weighted, `stored=${stored.length} chunk=${chunk}`);
        assert.deepEqual(r.columns, { yTrue: ['y_true'], yPred: ['y_pred'], weight: 'sample_weight' });
      }
    const yTrue = [
      [0, 1],
      [0, 0],
    ];
    const yPred = [
      [0.6, 0.4],
      [0.4, 0.6],
    ];
    for (const fortran of [false, true]) {
      const z = npz({ 'labels.npy': npy({ descr: '<f8', shape: [2, 2], values: yTrue.flat(), fortran }), 'probs.npy': npy({ descr: '<f8', shape: [2, 2], values: yPred.flat(), fortran }) });
      const r = await run(z, 'ml.npz', { variants: [keras, { ...keras, reduction: 'none' }] });
      assert.equal(ok(r).loss, computeLoss({ yTrue, yPred }, keras).loss);
      assert.deepEqual(ok(r, 1).loss, computeLoss({ yTrue, yPred }, { ...keras, reduction: 'none' }).loss);
    }
  });

  it('reads logits.npy as logits, arr_0/arr_1 by position, and one (n, 2) member', async () => {
    const x = [-18.6, 0.51, 2.94, -12.8];
    const logits = await run(npz({ 'y_true.npy': npy({ descr: '<i8', shape: [4], values: [0, 1, 0, 0] }), 'logits.npy': npy({ descr: '<f8', shape: [4], values: x }) }), 'l.npz');
    assert.equal(ok(logits).fromLogits, true);
    assert.equal(Number((ok(logits).loss as number).toFixed(6)), 0.865458);
    const positional = await run(npz({ 'arr_0.npy': npy({ descr: '<f8', shape: [6], values: Y }), 'arr_1.npy': npy({ descr: '<f8', shape: [6], values: P }) }), 'p.npz');
    assert.equal(ok(positional).loss, expected);
    const single = await run(npz({ 'data.npy': npy({ descr: '<f8', shape: [6, 2], values: Y.flatMap((y, i) => [y, P[i]]) }) }), 's.npz');
    assert.equal(ok(single).loss, expected);
    const spam = await run(npz({ 'y_true.npy': npy({ descr: '<f8', shape: [4], values: [1, 0, 0, 1] }), 'y_pred.npy': npy({ descr: '<f8', shape: [4, 2], values: [0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65] }) }), 'spam.npz', { variants: [sklearn] });
    assert.equal(Number((ok(spam).loss as number).toFixed(5)), 0.21616);
  });

  it('says what is missing or mismatched', async () => {
    await rejects(run(npz({ 'y_true.npy': npy({ descr: '<f8', shape: [6], values: Y }), 'other.npy': npy({ descr: '<f8', shape: [6], values: P }) }), 'm.npz'), /no member of predictions/);
    await rejects(run(npz({ 'y_true.npy': npy({ descr: '<f8', shape: [6], values: Y }), 'y_pred.npy': npy({ descr: '<f8', shape: [5], values: P.slice(0, 5) }) }), 'n.npz'), /shape mismatch: y_pred has shape \(5,\) but y_true has 6 rows/);
    await rejects(run(new TextEncoder().encode('not a zip at all'), 'x.npz'), /not a zip archive/);
    await rejects(run(npz({ 'y_true.npy': npy({ descr: '<f8', shape: [6], values: Y }) }), 'o.npz'), /this \.npz holds one array that has shape \(6,\)/);
  });
});

describe('.npz of many members', () => {
  it('reads the file a fixed number of times, not once per member (and a central directory over 1 MiB)', async () => {
    const members: Record<string, Uint8Array> = {
      'y_true.npy': npy({ descr: '<f8', shape: [2], values: [1, 0] }),
      'y_pred.npy': npy({ descr: '<f8', shape: [2], values: [0.5, 0.5] }),
    };
    // Long names make the central directory larger than the 1 MiB tail kept from the first pass.
    for (let k = 0; k < 3000; k++) members[`extra_${'x'.repeat(400)}_${k}.npy`] = npy({ descr: '<f8', shape: [1], values: [k] });
    const s = source(npz(members, ['y_true.npy']), 'many.npz', 65536);
    const r = await computeFileLoss(s, { variants: [keras] });
    assert.ok(r.results[0].ok);
    assert.equal((r.results[0] as { result: { loss: number } }).result.loss.toFixed(6), '0.693147');
    assert.ok(s.reads <= 6, `${s.reads} passes over the file`);
  });
});

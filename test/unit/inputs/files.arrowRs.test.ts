/**
 * Parquet files of a third writer, arrow-rs (through parquet-wasm), made by
 * test/fixtures/columnar/arrow-rs/generate-arrow-rs.js: every value read equals the value written
 * (the per-sample losses equal those of the same rows given as arrays), and the losses equal the
 * generator's float64 loop.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeLoss, type LossResult } from '../../../src/core';
import { fileSource } from '../../../src/cli/source';
import { computeFileLoss, type FileLossResult } from '../../../src/inputs/files';
import { keras } from './filesHelpers';

const dir = join(__dirname, '../../fixtures/columnar/arrow-rs');
// The generator is the one source of the rows written.
const written = require(join(dir, 'generate-arrow-rs.js')) as { data(): { y: Int8Array; p: Float64Array; w: Float32Array; split: string[] }; isNull(i: number): boolean; N: number };
interface Expected {
  what: string;
  n: number;
  loss: number;
  invalid?: number;
  firstInvalidRow?: number;
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;

function ok(r: FileLossResult): LossResult {
  const x = r.results[0];
  if (!x.ok) assert.fail(x.error);
  return x.result;
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${what}: ${a} vs ${b}`);
const read = (name: string, extra: Partial<Parameters<typeof computeFileLoss>[1]> = {}) => computeFileLoss(fileSource(join(dir, name)), { variants: [keras], ...extra });

describe('data files: Parquet written by arrow-rs (parquet-wasm)', () => {
  const { y, p, w } = written.data();
  const unweighted = { y: Array.from(y), p: Array.from(p) };
  const perSample = computeLoss({ yTrue: unweighted.y, yPred: unweighted.p, sampleWeight: Array.from(w) }, { ...keras, reduction: 'none' }).loss as number[];

  for (const name of ['snappy.parquet', 'zstd.parquet', 'gzip.parquet', 'lz4raw.parquet', 'dictionary.parquet', 'plain-v2.parquet', 'statistics.parquet']) {
    const e = expected[name];
    it(`${name} (${e.what}): the values written, and the generator's loss`, async () => {
      const weighted = await read(name);
      assert.equal(weighted.rows, e.n);
      assert.deepEqual(weighted.columns, { yTrue: ['y_true'], yPred: ['y_pred'], weight: 'sample_weight', split: 'split' });
      assert.equal(weighted.facts?.writer, 'arrow-rs through parquet-wasm 0.8.0');
      assert.equal(weighted.facts?.groups, 3);
      close(ok(weighted).loss as number, e.loss, name);
      // Every label, prediction and weight as written: the per-sample losses are the arrays' own, bit for bit.
      assert.deepEqual(ok(await read(name, { variants: [{ ...keras, reduction: 'none' }] })).loss, perSample);
    });
  }

  it('brotli: refused, naming the row group and the column', async () => {
    await assert.rejects(read('brotli.parquet'), /brotli\.parquet:1:1: row group 0, column "y_true": compressed with BROTLI, which BCE Lens does not read/);
  });

  it('an optional column with nulls: an invalid row at its place, or skipped and counted', async () => {
    const e = expected['nulls.parquet'];
    await assert.rejects(read('nulls.parquet'), /nulls\.parquet:8:2: null in column "y_pred" \(row 7 of the file: row group 0, row 7\)/);
    const r = await read('nulls.parquet', { onInvalid: 'skip' });
    assert.equal(r.invalidRows, e.invalid);
    assert.equal(r.firstInvalid?.line, (e.firstInvalidRow as number) + 1);
    assert.equal(r.rows, e.n);
    close(ok(r).loss as number, e.loss, 'nulls skipped');
    const kept = unweighted.y.map((_, i) => i).filter((i) => !written.isNull(i));
    const none = ok(await read('nulls.parquet', { onInvalid: 'skip', variants: [{ ...keras, reduction: 'none' }] })).loss;
    assert.deepEqual(none, computeLoss({ yTrue: kept.map((i) => unweighted.y[i]), yPred: kept.map((i) => unweighted.p[i]) }, { ...keras, reduction: 'none' }).loss);
  });
});

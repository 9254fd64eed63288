import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { computeLoss, type LossOptions } from '../../src/core';
import { computeParquetSplit } from '../../src/cli/parquetSplit';
import { computeSplit, type SplitOptions } from '../../src/cli/split';
import { fileSource } from '../../src/cli/source';
import { computeFileLoss, type FileLossResult } from '../../src/inputs/files';
import { InputError } from '../../src/inputs/inputError';
import { keras, prng, sklearn, torch } from './inputs/filesHelpers';

/**
 * Results of a split read and of the single-thread reader agree within 1e-13, statistics and lines
 * included. `ties`: the data repeat losses exactly, so the worst samples are compared by loss only
 * (which of two equal samples a merge keeps is not fixed).
 */
function sameResults(split: FileLossResult, single: FileLossResult, ties = false): void {
  assert.equal(split.rows, single.rows);
  assert.equal(split.invalidRows, single.invalidRows);
  assert.deepEqual(split.firstInvalid, single.firstInvalid);
  assert.deepEqual(split.columns, single.columns);
  assert.equal(split.results.length, single.results.length);
  split.results.forEach((r, k) => {
    const s = single.results[k];
    assert.equal(r.ok, s.ok);
    if (!r.ok || !s.ok) {
      assert.equal(r.ok ? '' : r.error, s.ok ? '' : s.error);
      return;
    }
    const a = [r.result.loss].flat(2) as number[];
    const b = [s.result.loss].flat(2) as number[];
    a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= 1e-13 * Math.abs(b[i]), `${x} vs ${b[i]}`));
    assert.equal(r.result.n, s.result.n);
    assert.equal(r.result.logitsDetected, s.result.logitsDetected);
    // The logits warning names the same place however the file was cut.
    assert.deepEqual(r.result.warnings, s.result.warnings);
    assert.deepEqual(r.result.stats.histogram, s.result.stats.histogram);
    assert.deepEqual(
      r.result.stats.worst.map((w) => (ties ? [w.loss] : [w.index, w.source, w.row, w.loss])),
      s.result.stats.worst.map((w) => (ties ? [w.loss] : [w.index, w.source, w.row, w.loss])),
    );
    assert.equal(r.result.stats.minSampleLoss, s.result.stats.minSampleLoss);
    assert.equal(r.result.stats.maxPrediction, s.result.stats.maxPrediction);
  });
  assert.equal(split.epochs?.length, single.epochs?.length);
  split.epochs?.forEach((e, i) => {
    const s = (single.epochs ?? [])[i];
    assert.deepEqual([e.epoch, e.split, e.n], [s.epoch, s.split, s.n]);
    assert.ok(Math.abs(e.loss - s.loss) <= 1e-13 * Math.abs(s.loss));
  });
}

describe('CLI: large files split across threads', () => {
  let dir: string;
  let workerScript: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bce-split-'));
    workerScript = join(dir, 'cli-worker.js');
    buildSync({ entryPoints: [join(__dirname, '../../src/cli/worker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: workerScript, logLevel: 'silent' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  async function both(path: string, format: 'csv' | 'jsonl', variants: LossOptions[], extra: Partial<SplitOptions> = {}) {
    const options = { variants, onInvalid: 'error' as const, ...extra };
    const size = fileSource(path).size as number;
    const split = await computeSplit(path, size, format, { threads: 3, inline: true, segmentBytes: 997, ...options });
    const single = await computeFileLoss(fileSource(path), { ...options, format });
    return { split, single };
  }

  function rows(n: number, seed: number, logitAt = -1): string {
    const r = prng(seed);
    const out = ['epoch,y_true,y_pred'];
    for (let i = 0; i < n; i++) {
      const p = r();
      out.push(`${Math.floor((i * 4) / n)},${r() < p ? 1 : 0},${i === logitAt ? 3.5 : p}`);
      if (i % 50 === 0) out.push('');
    }
    return out.join('\n') + '\n';
  }

  it('merges ranges read in any order to the single-thread result (within 1e-13, same worst lines and epochs)', async () => {
    const path = write('a.csv', rows(3000, 1));
    const { split, single } = await both(path, 'csv', [keras, torch, { ...keras, dtype: 'float32' }, sklearn]);
    assert.ok(split, 'the file was split');
    sameResults(split, single);
    assert.equal(split.epochs?.length, 4);
  });

  it('restarts as logits when one range finds a logit, and reports a bad row at its line in the file', async () => {
    const path = write('b.csv', rows(2000, 2, 1700));
    const { split, single } = await both(path, 'csv', [keras]);
    assert.ok(split && split.results[0].ok && split.results[0].result.logitsDetected);
    sameResults(split, single);
    const bad = write('c.csv', rows(2000, 3).replace(/\n(1,1,0\.[0-9]+)\n/, (_m, row: string) => `\n${row.replace(/,0\./, ',x.')}\n`));
    const size = fileSource(bad).size as number;
    const a = await computeSplit(bad, size, 'csv', { variants: [keras], threads: 3, inline: true, segmentBytes: 997 }).catch((e: unknown) => e);
    const b = await computeFileLoss(fileSource(bad), { variants: [keras] }).catch((e: unknown) => e);
    assert.ok(a instanceof InputError && b instanceof InputError);
    assert.equal(a.message, b.message);
    const skipA = await computeSplit(bad, size, 'csv', { variants: [keras], threads: 3, inline: true, segmentBytes: 997, onInvalid: 'skip' });
    const skipB = await computeFileLoss(fileSource(bad), { variants: [keras], onInvalid: 'skip' });
    assert.ok(skipA);
    sameResults(skipA, skipB);
  });

  it('reads JSON Lines in ranges too, and refuses to split quoted line breaks', async () => {
    const r = prng(4);
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) lines.push(JSON.stringify({ y_true: r() < 0.5 ? 1 : 0, y_pred: r() }));
    const path = write('d.jsonl', lines.join('\n'));
    const { split, single } = await both(path, 'jsonl', [keras]);
    assert.ok(split);
    sameResults(split, single);
    const quoted = write('e.csv', 'note,y_true,y_pred\n' + Array.from({ length: 500 }, (_, i) => `"a\nb",${i % 2},0.${i + 1}`).join('\n') + '\n');
    const size = fileSource(quoted).size as number;
    assert.equal(await computeSplit(quoted, size, 'csv', { variants: [keras], threads: 3, inline: true, segmentBytes: 997 }), undefined);
    // Cuts may fall inside quoted fields whose line break belongs to the next range.
    const cut = write('g.csv', 'note,y_true,y_pred\n' + Array.from({ length: 500 }, (_, i) => `${i % 50 === 7 ? '"x\n' + i + ',1,0.5"' : 'n'},${i % 2},0.${i + 1}`).join('\n') + '\n');
    for (const onInvalid of ['error', 'skip'] as const) {
      const r = await computeSplit(cut, fileSource(cut).size as number, 'csv', { variants: [keras], threads: 3, inline: true, segmentBytes: 300, onInvalid });
      assert.equal(r, undefined, 'not split: read whole');
    }
  });

  it('merges the metrics of ranges read on worker threads to the single-thread metrics', async () => {
    const path = write('m.csv', rows(20000, 6));
    const size = fileSource(path).size as number;
    const split = await computeSplit(path, size, 'csv', { variants: [sklearn], threads: 2, workerScript, segmentBytes: 20000, metrics: true });
    const single = await computeFileLoss(fileSource(path), { variants: [sklearn], metrics: true });
    assert.ok(split?.metrics && single.metrics);
    const [a, b] = [split.metrics[0], single.metrics[0]];
    assert.equal(a.errorBound, undefined);
    assert.equal(a.rocAuc, b.rocAuc);
    assert.equal(a.averagePrecision, b.averagePrecision);
    assert.deepEqual(a.atHalf, b.atHalf);
    assert.ok(Math.abs(a.brier - b.brier) <= 1e-15 && Math.abs((a.skill as number) - (b.skill as number)) <= 1e-13);
  });

  it('metrics of ranges claimed by threads in any order have the bits of one thread reading the file (weighted or not)', async () => {
    const plain = rows(20000, 8);
    const r = prng(9);
    const weighted = plain
      .trim()
      .split('\n')
      .map((line, i) => (line === '' ? line : `${line},${i === 0 ? 'sample_weight' : ((r() + r() * 2 ** -30) * 3).toString()}`))
      .join('\n');
    for (const [name, text] of [['plain.csv', plain], ['weighted.csv', weighted]]) {
      const path = write(name, text);
      const size = fileSource(path).size as number;
      const single = await computeFileLoss(fileSource(path), { variants: [sklearn], metrics: true });
      assert.ok(single.metrics);
      // The skill divides the loss, whose last bits may differ between a split and a whole read.
      const bits = (m: NonNullable<FileLossResult['metrics']>) => m.map(({ skill: _, ...rest }) => rest);
      for (const options of [{ threads: 2, workerScript }, { threads: 3, workerScript }, { threads: 3, inline: true }]) {
        const split = await computeSplit(path, size, 'csv', { variants: [sklearn], segmentBytes: 20000, metrics: true, ...options });
        assert.ok(split?.metrics, `${name}: metrics`);
        assert.deepStrictEqual(bits(split.metrics), bits(single.metrics), `${name}, ${JSON.stringify({ ...options, workerScript: undefined })}`);
      }
    }
  });

  it('runs the ranges on worker threads (the bundled worker) with the same result', async () => {
    const path = write('f.csv', rows(20000, 5));
    const size = fileSource(path).size as number;
    const split = await computeSplit(path, size, 'csv', { variants: [keras, torch], threads: 2, workerScript, segmentBytes: 20000 });
    const single = await computeFileLoss(fileSource(path), { variants: [keras, torch] });
    assert.ok(split);
    sameResults(split, single);
    const ys: number[] = [];
    const ps: number[] = [];
    for (const line of rows(20000, 5).split('\n').slice(1)) {
      if (!line) continue;
      const [, y, p] = line.split(',');
      ys.push(Number(y));
      ps.push(Number(p));
    }
    const expected = computeLoss({ yTrue: ys, yPred: ps }, keras).loss as number;
    assert.ok(split.results[0].ok && Math.abs((split.results[0].result.loss as number) - expected) <= 1e-13 * expected);
  });

  it('Parquet: blocks of row groups read by worker threads (the bundled worker) and merged in order, as one thread reads them; the same bits however many threads', async () => {
    const fixtures = join(__dirname, '../fixtures/columnar');
    for (const name of ['epochs.parquet', 'types.parquet', 'v2.parquet', 'pages.parquet']) {
      const path = join(fixtures, name);
      const single = await computeFileLoss(fileSource(path), { variants: [keras, torch] });
      // Blocks of one row group, and of every group (the default on these small files).
      for (const blockRows of [1, undefined]) {
        const losses: unknown[] = [];
        for (const options of [{ threads: 2, workerScript }, { threads: 3, workerScript }, { threads: 3, inline: true }, { threads: 1 }]) {
          const split = await computeParquetSplit(path, { variants: [keras, torch], ...options, ...(blockRows ? { blockRows } : {}) });
          assert.ok(split, name);
          sameResults(split, single, true);
          losses.push(split.results.map((r) => (r.ok ? [r.result.loss, r.result.stats.worst.map((w) => w.loss)] : r.error)));
        }
        for (const l of losses.slice(1)) assert.deepEqual(l, losses[0], `${name}, blocks of ${blockRows ?? 'all'} rows: bit for bit whatever the threads`);
      }
    }
    // A null is reported at its row in the whole file, or skipped and counted, as by one thread.
    const nulls = join(fixtures, 'nulls.parquet');
    await assert.rejects(computeParquetSplit(nulls, { variants: [keras], threads: 2, workerScript }), /nulls\.parquet:6:2: null in column "y_pred" \(row 5 of the file: row group 0, row 5\)/);
    const skipped = await computeParquetSplit(nulls, { variants: [keras], threads: 2, workerScript, onInvalid: 'skip' });
    assert.ok(skipped);
    sameResults(skipped, await computeFileLoss(fileSource(nulls), { variants: [keras], onInvalid: 'skip' }), true);
    // Lists (multi-label) are read by one thread.
    assert.equal(await computeParquetSplit(join(fixtures, 'multilabel.parquet'), { variants: [keras], threads: 2, workerScript }), undefined);
  });
});

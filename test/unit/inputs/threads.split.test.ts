import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { comparisonVariants, type LossOptions } from '../../../src/core';
import { fileSource } from '../../../src/cli/source';
import { splitLocalFile, HOST_SPLIT_BYTES } from '../../../src/host/node/splitLocalFile';
import { computeFileLoss } from '../../../src/inputs/files';
import { computeSplit } from '../../../src/inputs/threads/split';
import { keras, prng } from './filesHelpers';

/** The extension's split (inputs/threads): only worker threads read, the calling thread merges. */
describe('files read on worker threads only (the extension host)', () => {
  let dir: string;
  let workerScript: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bce-threads-'));
    workerScript = join(dir, 'range-worker.js');
    buildSync({ entryPoints: [join(__dirname, '../../../src/inputs/threads/rangeWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: workerScript, logLevel: 'silent' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A CSV of label, probability and epoch rows, some probabilities at the clip. */
  function csv(name: string, n: number, seed: number): string {
    const rand = prng(seed);
    const lines = ['y_true,y_pred,epoch'];
    for (let i = 0; i < n; i++) {
      const y = rand() < 0.4 ? 1 : 0;
      const p = i % 997 === 3 ? 0 : i % 991 === 5 ? 1 : Math.min(1, Math.max(0, y ? 0.3 + 0.6 * rand() : 0.6 * rand()));
      lines.push(`${y},${p},${i % 7}`);
    }
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  }

  /** Equal, numbers within 1e-13 relative. */
  function nearly(a: unknown, b: unknown, at: string): void {
    if (typeof a === 'number' && typeof b === 'number') {
      assert.ok(a === b || Math.abs(a - b) <= 1e-13 * Math.abs(b), `${at}: ${a} vs ${b}`);
    } else if (a && b && typeof a === 'object' && typeof b === 'object') {
      assert.deepEqual(Object.keys(a), Object.keys(b), at);
      for (const k of Object.keys(b)) nearly((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    } else assert.equal(a, b, at);
  }

  /** The panel's lanes: the chosen options and every framework of the comparison. */
  const panelVariants = (chosen: LossOptions) => [chosen, ...comparisonVariants(chosen).filter((v) => !v.unsupported).map((v) => v.options)];

  it("gives the one-thread read's bits for every lane and epoch, its findings, and its metrics (streamed sums within 1e-13)", async () => {
    const path = csv('a.csv', 30000, 7);
    const variants = panelVariants(keras);
    const progress: number[] = [];
    const split = await computeSplit(path, statSync(path).size, 'csv', { variants, metrics: true, threads: 2, workerScript, mainReads: false, segmentBytes: 40000, onProgress: (b) => progress.push(b) });
    const single = await computeFileLoss(fileSource(path), { variants, metrics: true });
    assert.ok(split);
    assert.equal(split.results.length, single.results.length);
    split.results.forEach((r, k) => {
      const s = single.results[k];
      assert.equal(r.ok, s.ok, `lane ${k}`);
      if (r.ok && s.ok) {
        assert.equal(r.result.loss, s.result.loss, `lane ${k}: the same bits`);
        assert.deepEqual(r.result.stats.histogram, s.result.stats.histogram);
        assert.deepEqual(r.labelLosses, s.labelLosses);
      } else if (!r.ok && !s.ok) assert.equal(r.error, s.error);
    });
    assert.deepEqual(split.epochs, single.epochs);
    // The metrics' float sums (Brier, calibration means) are cut into other parts by another split: an ulp or so apart.
    nearly(split.metrics, single.metrics, 'metrics');
    assert.equal(split.metrics?.[0].rocAuc, single.metrics?.[0].rocAuc);
    assert.deepEqual(split.findings, single.findings);
    // Progress rises to the data's bytes (the header is read before the ranges).
    assert.ok(progress.length > 2);
    assert.ok(progress.every((b, i) => i === 0 || b > progress[i - 1]));
    assert.equal(progress[progress.length - 1], statSync(path).size - 'y_true,y_pred,epoch\n'.length);
  });

  it('gives the same metrics, bit for bit, whichever worker reads which range (1 or 3 workers, the same ranges)', async () => {
    const path = csv('d.csv', 30000, 10);
    const read = (threads: number) => computeSplit(path, statSync(path).size, 'csv', { variants: [keras], metrics: true, threads, workerScript, mainReads: false, segmentBytes: 20000 });
    const one = await read(1);
    for (let round = 0; round < 3; round++) assert.deepEqual((await read(3))?.metrics, one?.metrics, `round ${round}`);
  });

  it('stops on Cancel: the workers are terminated and the read rejects with an AbortError', async () => {
    const path = csv('b.csv', 60000, 8);
    const controller = new AbortController();
    let parts = 0;
    const read = computeSplit(path, statSync(path).size, 'csv', {
      variants: panelVariants(keras),
      metrics: true,
      threads: 2,
      workerScript,
      mainReads: false,
      segmentBytes: 20000,
      signal: controller.signal,
      onProgress: () => {
        if (++parts === 2) controller.abort();
      },
    });
    await assert.rejects(read, (e: Error) => e.name === 'AbortError');
    assert.equal(parts, 2, 'no range finished after Cancel is counted');
    // Already cancelled: no worker starts.
    await assert.rejects(computeSplit(path, statSync(path).size, 'csv', { variants: [keras], threads: 2, workerScript, mainReads: false, signal: AbortSignal.abort() }), (e: Error) => e.name === 'AbortError');
  });

  it('leaves small files to the host thread', async () => {
    const path = csv('c.csv', 2000, 9);
    assert.ok(statSync(path).size < HOST_SPLIT_BYTES);
    assert.equal(await splitLocalFile(path, statSync(path).size, 'csv', { variants: [keras] }), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { computeFileLoss, type FileComputeOptions, type FileLossResult } from '../../../src/inputs/files';
import { ReadTwiceError } from '../../../src/inputs/files/onceSource';
import { keras, npy, pipe, prng, sklearn, source, torch } from './filesHelpers';

/** The same input from a file (re-readable: auto lanes restart as logits) and from a pipe (read once). */
async function both(text: string | Uint8Array, options: FileComputeOptions, name = 'data.csv'): Promise<{ file: FileLossResult; piped: FileLossResult }> {
  const file = await computeFileLoss(source(text, name, 4096), options);
  const piped = await computeFileLoss(pipe(text, name, 4096), options);
  return { file, piped };
}

function rows(n: number, seed: number, logits: boolean): string {
  const r = prng(seed);
  const out = ['y_true,y_pred,epoch'];
  for (let i = 0; i < n; i++) {
    const p = r();
    out.push(`${r() < p ? 1 : 0},${logits && i > n / 2 ? (p - 0.5) * 9 : p},${i % 3}`);
  }
  return out.join('\n') + '\n';
}

describe('inputs: a pipe (standard input, a FIFO, <(…)) is read once, through the same readers as a file', () => {
  it('peek() shows the first bytes without using them; a second read is refused', async () => {
    const s = pipe('y_true,y_pred\n1,0.9\n', '<stdin>', 4);
    assert.equal(new TextDecoder().decode(await s.peek?.(6)), 'y_true');
    const got: string[] = [];
    for await (const c of s.chunks()) got.push(new TextDecoder().decode(c));
    assert.equal(got.join(''), 'y_true,y_pred\n1,0.9\n');
    assert.throws(() => s.chunks(), ReadTwiceError);
  });

  it('predictions that turn out to be logits half-way: the same results, warnings and epochs as a file read twice, in one read', async () => {
    const text = rows(30000, 7, true);
    const options: FileComputeOptions = { variants: [keras, torch, { ...keras, fromLogits: false }, sklearn], format: 'csv' };
    const { file, piped } = await both(text, options);
    assert.deepEqual(piped, file);
    assert.ok(file.results[0].ok && file.results[0].result.fromLogits, 'the first variant ran as logits');
    assert.match(file.results[0].ok ? file.results[0].result.warnings.join() : '', /data\.csv:\d+:\d+/);
    assert.equal(file.epochs?.length, 3);
    assert.ok(file.results[2].ok && !file.results[2].result.fromLogits, 'from_logits false stays probabilities (Keras clips them)');
  });

  it('probabilities only, JSON Lines, and a format told by the first bytes', async () => {
    const text = rows(5000, 3, false);
    const csvBoth = await both(text, { variants: [keras, torch] }, '<stdin>');
    assert.deepEqual(csvBoth.piped, csvBoth.file);
    assert.equal(csvBoth.piped.format, 'csv');
    const jsonl = text
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => {
        const [y, p] = l.split(',');
        return JSON.stringify({ y_true: Number(y), y_pred: Number(p) });
      })
      .join('\n');
    const jsonlBoth = await both(jsonl, { variants: [keras] }, '<stdin>');
    assert.equal(jsonlBoth.piped.format, 'jsonl');
    assert.deepEqual(jsonlBoth.piped, jsonlBoth.file);
  });

  it('formats read by position (.npy) and whole JSON are held in memory from the one read', async () => {
    const data = npy({ descr: '<f8', shape: [3, 2], values: [1, 0.9, 0, 0.2, 1, 0.6] });
    const npyBoth = await both(data, { variants: [keras] }, '<stdin>');
    assert.deepEqual(npyBoth.piped, npyBoth.file);
    const json = JSON.stringify({ y_true: [1, 0, 1], y_pred: [3, -2, 0.5] });
    const jsonBoth = await both(json, { variants: [keras], format: 'json' }, '<stdin>');
    assert.deepEqual(jsonBoth.piped, jsonBoth.file);
  });

  it('metrics: a pipe of probabilities gives the metrics of the file, with or without epochs; a pipe of logits says why it has none', async () => {
    const probabilities = await both(rows(3000, 5, false), { variants: [keras], metrics: true });
    assert.ok(probabilities.file.metrics?.length, 'a file with an epoch column has metrics');
    assert.deepEqual(probabilities.piped.metrics, probabilities.file.metrics);
    const noEpochs = rows(3000, 5, false).replace(/,\d+\n/g, '\n').replace('y_true,y_pred,epoch', 'y_true,y_pred');
    const plain = await both(noEpochs, { variants: [keras], metrics: true });
    assert.deepEqual(plain.file.metrics, probabilities.file.metrics, 'epochs or not, the same metrics');
    assert.deepEqual(plain.piped.metrics, plain.file.metrics);
    const logits = await both(rows(3000, 5, true), { variants: [keras], metrics: true });
    assert.ok(logits.file.metrics?.length, 'a file read twice has the metrics of its logits');
    assert.equal(logits.piped.metrics, undefined);
    assert.match(logits.piped.metricsNote ?? '', /logits.*pipe/);
  });
});

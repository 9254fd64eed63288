/**
 * The findings of data files (issue 16 item 1): each fires on a CSV and on a Parquet file that show
 * its cause and stays quiet on healthy data, and the number it shows is the one the same arrays give
 * in memory (core findings on a selection, computeLoss on the changed data): computed, not estimated.
 */
import * as assert from 'node:assert/strict';
import { computeLoss, findings, inputMetrics, resolvedOf, type Finding, type FindingCode, type LossInput, type LossOptions } from '../../../src/core';
import { computeSplit } from '../../../src/cli/split';
import { computeFileLoss, type FileLossResult } from '../../../src/inputs/files';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { float64, int8, tableFromArrays, tableToIPC } from '@uwdata/flechette';
import { keras, pipe, sklearn, source, torch } from './filesHelpers';

const { parquetWriteBuffer } = require('hyparquet-writer') as { parquetWriteBuffer: (o: { columnData: { name: string; data: number[]; type: string }[] }) => ArrayBuffer };

interface Rows {
  y: number[];
  p: number[];
  w?: number[];
  /** The prediction column's name (default y_pred). */
  pred?: string;
}

/** A seeded generator, so the data is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sigma = (x: number) => 1 / (1 + Math.exp(-x));

/** 400 samples, half positive, predictions in [0.05, 0.95] that rank them well but not perfectly. */
function healthy(rate = 0.5, seed = 7): Rows {
  const r = random(seed);
  const y: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < 400; i++) {
    const label = r() < rate ? 1 : 0;
    y.push(label);
    p.push(Math.min(0.95, Math.max(0.05, (label ? 0.62 : 0.38) + (r() - 0.5) * 0.5)));
  }
  return { y, p };
}

function csvOf(d: Rows): string {
  const head = ['y_true', d.pred ?? 'y_pred', ...(d.w ? ['sample_weight'] : [])].join(',');
  const fmt = (v: number) => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : Number.isNaN(v) ? 'nan' : String(v));
  return [head, ...d.y.map((y, i) => [y, fmt(d.p[i]), ...(d.w ? [d.w[i]] : [])].join(','))].join('\n') + '\n';
}

function parquetOf(d: Rows): Uint8Array {
  const columnData = [
    { name: 'y_true', data: d.y, type: 'DOUBLE' },
    { name: d.pred ?? 'y_pred', data: d.p, type: 'DOUBLE' },
    ...(d.w ? [{ name: 'sample_weight', data: d.w, type: 'DOUBLE' }] : []),
  ];
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

type Format = 'csv' | 'parquet';
const FORMATS: Format[] = ['csv', 'parquet'];

async function read(d: Rows, options: LossOptions, format: Format, onInvalid: 'error' | 'skip' = 'error'): Promise<FileLossResult> {
  const data = format === 'csv' ? source(csvOf(d), 'data.csv') : source(parquetOf(d), 'data.parquet');
  return computeFileLoss(data, { variants: [options], metrics: true, onInvalid });
}

async function fileFindings(d: Rows, options: LossOptions, format: Format, onInvalid: 'error' | 'skip' = 'error'): Promise<Finding[]> {
  const r = await read(d, options, format, onInvalid);
  assert.ok(r.results[0].ok, r.results[0].ok ? '' : r.results[0].error);
  assert.ok(r.findings, 'the findings come with the metrics');
  return r.findings;
}

/** The same rows as (n, 1) arrays in memory, diagnosed as a selection is. */
function memoryFindings(d: Rows, options: LossOptions): Finding[] {
  const input: LossInput = { yTrue: d.y.map((y) => [y]), yPred: d.p.map((p) => [p]), ...(d.w ? { sampleWeight: d.w } : {}) };
  const o = d.pred === 'logits' && options.fromLogits === 'auto' ? { ...options, fromLogits: true } : options;
  const r = computeLoss(input, o);
  return findings(input, o, r, inputMetrics(input, resolvedOf(r)), d.pred === 'logits');
}

const lossOf = (d: Rows, options: LossOptions): number => computeLoss({ yTrue: d.y.map((y) => [y]), yPred: d.p.map((p) => [p]), ...(d.w ? { sampleWeight: d.w } : {}) }, options).loss as number;

function find(all: Finding[], code: FindingCode): Finding {
  const f = all.find((x) => x.code === code);
  assert.ok(f, `${code} did not fire: ${all.map((x) => x.code).join(', ') || 'none'}`);
  return f;
}

function near(actual: unknown, expected: number, what: string): void {
  assert.equal(typeof actual, 'number', `${what}: missing`);
  assert.ok(Math.abs((actual as number) - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${String(actual)} vs ${expected}`);
}

/** The file's finding has the evidence the arrays in memory give. */
function sameAsInMemory(file: Finding, d: Rows, options: LossOptions): void {
  const mem = find(memoryFindings(d, options), file.code);
  for (const [k, v] of Object.entries(mem.evidence)) {
    if (typeof v === 'number') near(file.evidence[k], v, `${file.code} ${k}`);
    else assert.equal(file.evidence[k], v, `${file.code} ${k}`);
  }
}

describe('data files: findings', () => {
  for (const format of FORMATS) {
    describe(format, () => {
      it('healthy data has none, and says the broadcast trap is for selections', async () => {
        const r = await read(healthy(), keras, format);
        assert.deepEqual(r.findings, []);
        assert.match(r.findingsNote ?? '', /broadcast-trap is looked for in selections only/);
      });

      it('sigmoid-twice: every probability in [σ(0), σ(1)], with the loss once the extra sigmoid is undone', async () => {
        const h = healthy();
        const twice = { ...h, p: h.p.map(sigma) };
        const f = find(await fileFindings(twice, keras, format), 'sigmoid-twice');
        near(f.evidence.lossWithoutSecondSigmoid, lossOf(h, keras), 'the healthy loss');
        sameAsInMemory(f, twice, keras);
        assert.ok(!(await fileFindings(h, keras, format)).some((x) => x.code === 'sigmoid-twice'));
      });

      it('probabilities-as-logits: from_logits forced on values all in [0, 1], with their loss as probabilities', async () => {
        const h = healthy();
        const forced = { ...keras, fromLogits: true };
        const f = find(await fileFindings(h, forced, format), 'probabilities-as-logits');
        near(f.evidence.lossAsProbabilities, lossOf(h, keras), 'as probabilities');
        const logits = { ...h, p: h.p.map((p) => Math.log(p / (1 - p)) * 3) };
        assert.ok(!(await fileFindings(logits, forced, format)).some((x) => x.code === 'probabilities-as-logits'));
      });

      it('logits-as-probabilities: from_logits forced off on values outside [0, 1], or on a column named logits', async () => {
        const h = healthy();
        const logits = { ...h, p: h.p.map((p) => Math.log(p / (1 - p)) * 3) };
        const off = { ...keras, fromLogits: false };
        const f = find(await fileFindings(logits, off, format), 'logits-as-probabilities');
        near(f.evidence.lossAsLogits, lossOf(logits, { ...keras, fromLogits: true }), 'as logits');
        sameAsInMemory(f, logits, off);
        const named = find(await fileFindings({ ...h, pred: 'logits' }, off, format), 'logits-as-probabilities');
        assert.equal(named.evidence.namedLogits, 'yes');
        assert.ok(!(await fileFindings(h, off, format)).some((x) => x.code === 'logits-as-probabilities'));
      });

      it('labels-inverted: ROC AUC below 0.5, with the loss of the flipped labels', async () => {
        const h = healthy();
        const inverted = { ...h, y: h.y.map((y) => 1 - y) };
        const f = find(await fileFindings(inverted, keras, format), 'labels-inverted');
        near(f.evidence.lossWithLabelsFlipped, lossOf(h, keras), 'the healthy loss');
        sameAsInMemory(f, inverted, keras);
        assert.ok(!(await fileFindings(h, keras, format)).some((x) => x.code === 'labels-inverted'));
      });

      it('constant-predictor and stuck-at-ln2: every prediction 0.5', async () => {
        const h = healthy();
        const constant = { ...h, p: h.p.map(() => 0.5) };
        const all = await fileFindings(constant, keras, format);
        assert.equal(find(all, 'constant-predictor').evidence.prediction, 0.5);
        near(find(all, 'stuck-at-ln2').evidence.loss, Math.LN2, 'ln 2');
        const quiet = await fileFindings(h, keras, format);
        assert.ok(!quiet.some((x) => x.code === 'constant-predictor' || x.code === 'stuck-at-ln2'));
      });

      it('leakage: AUC 1 with a loss near 0', async () => {
        const h = healthy();
        const leaked = { ...h, p: h.y.map((y) => (y ? 1 - 1e-6 : 1e-6)) };
        sameAsInMemory(find(await fileFindings(leaked, keras, format), 'leakage'), leaked, keras);
        assert.ok(!(await fileFindings(h, keras, format)).some((x) => x.code === 'leakage'));
      });

      it('imbalance: under 10 % positives, with pos_weight = negatives / positives and the loss under it (PyTorch BCEWithLogitsLoss)', async () => {
        const few = healthy(0.06, 11);
        const logits = { ...few, p: few.p.map((p) => Math.log(p / (1 - p)) * 2) };
        const f = find(await fileFindings(logits, torch, format), 'imbalance');
        const positives = few.y.filter((y) => y === 1).length;
        near(f.evidence.posWeight, (few.y.length - positives) / positives, 'pos_weight');
        // The loss BCEWithLogitsLoss(pos_weight) gives, computed by the torch framework itself.
        near(f.evidence.lossWithPosWeight, lossOf(logits, { ...torch, fromLogits: true, posWeight: [f.evidence.posWeight as number] }), 'the loss under pos_weight');
        // Weighted: the class sums weigh as the loss does.
        const weighted = { ...few, w: few.y.map((_, i) => 0.5 + (i % 4)) };
        sameAsInMemory(find(await fileFindings(weighted, keras, format), 'imbalance'), weighted, keras);
        assert.ok(!(await fileFindings(healthy(), torch, format)).some((x) => x.code === 'imbalance'));
      });

      it('clip-dominated: most of the loss from predictions at the clip, with their count and share', async () => {
        const h = healthy();
        const clipped = { ...h, p: h.p.map((p, i) => (i < 40 ? 1 - h.y[i] : p)) };
        const f = find(await fileFindings(clipped, keras, format), 'clip-dominated');
        assert.equal(f.evidence.clipped, 40);
        sameAsInMemory(f, clipped, keras);
        assert.ok(!(await fileFindings(h, keras, format)).some((x) => x.code === 'clip-dominated'));
      });

      it('nonfinite-logits: ±inf and NaN predictions skipped, counted, the first named', async () => {
        const h = healthy();
        const logits = { ...h, p: h.p.map((p, i) => (i === 5 ? Infinity : i === 9 ? -Infinity : i === 20 ? NaN : Math.log(p / (1 - p)))) };
        const f = find(await fileFindings(logits, torch, format, 'skip'), 'nonfinite-logits');
        assert.equal(f.evidence.nonFinite, 3);
        assert.equal(f.evidence.torchLoss, 'NaN');
        if (format === 'csv') assert.equal(f.evidence.first, 'data.csv:7:3');
        assert.ok(!(await fileFindings({ ...h, p: h.p.map((p) => Math.log(p / (1 - p))) }, torch, format, 'skip')).some((x) => x.code === 'nonfinite-logits'));
      });

      it('sklearn-version: eps 1e-15 before 1.2 gives another number at the clip', async () => {
        const h = healthy();
        const atZero = { ...h, p: h.p.map((p, i) => (i === 3 ? 1 - h.y[i] : p)) };
        const f = find(await fileFindings(atZero, sklearn, format), 'sklearn-version');
        near(f.evidence['sklearn-1.1'], lossOf(atZero, { ...sklearn, semantics: 'sklearn-1.1' }), 'scikit-learn 1.1');
        sameAsInMemory(f, atZero, sklearn);
        assert.ok(!(await fileFindings(h, sklearn, format)).some((x) => x.code === 'sklearn-version'));
      });

      it('broadcast-trap: never for a file, though the same 1-D arrays in memory show it', async () => {
        const h = healthy();
        const r = computeLoss({ yTrue: h.y, yPred: h.p }, keras);
        assert.ok(findings({ yTrue: h.y, yPred: h.p }, keras, r).some((x) => x.code === 'broadcast-trap'));
        assert.ok(!(await fileFindings(h, keras, format)).some((x) => x.code === 'broadcast-trap'));
      });
    });
  }

  it('a file read by ranges (the CLI threads) and a pipe give the findings of the file read whole', async () => {
    const h = healthy();
    const d = { ...h, y: h.y.map((y) => 1 - y), p: h.p.map((p, i) => (i === 30 ? Infinity : p)) };
    const text = csvOf(d);
    const whole = await computeFileLoss(source(text), { variants: [keras], metrics: true, onInvalid: 'skip' });
    const dir = mkdtempSync(path.join(tmpdir(), 'bce-findings-'));
    try {
      const file = path.join(dir, 'data.csv');
      writeFileSync(file, text);
      const split = await computeSplit(file, text.length, 'csv', { variants: [keras], metrics: true, onInvalid: 'skip', threads: 2, inline: true, segmentBytes: 1024 });
      const piped = await computeFileLoss(pipe(text, '<stdin>', 512), { variants: [keras], metrics: true, onInvalid: 'skip', format: 'csv' });
      const codes = (r: FileLossResult | undefined) => r?.findings?.map((f) => f.code);
      assert.deepEqual(codes(whole), ['labels-inverted', 'nonfinite-logits']);
      assert.deepEqual(codes(split), codes(whole));
      assert.deepEqual(codes(piped), codes(whole));
      const flipped = (r: FileLossResult | undefined) => r?.findings?.find((f) => f.code === 'labels-inverted')?.evidence.lossWithLabelsFlipped as number;
      near(flipped(split), flipped(whole), 'ranges');
      near(flipped(piped), flipped(whole), 'pipe');
      // The same line and column, after each source's own name.
      const first = (r: FileLossResult | undefined) => String(r?.findings?.find((f) => f.code === 'nonfinite-logits')?.evidence.first).replace(/^.*:(\d+:\d+)$/, '$1');
      assert.equal(first(whole), '32:3');
      assert.equal(first(split), '32:3');
      assert.equal(first(piped), '32:3');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file is read a second time, for the flipped labels, only when ROC AUC is below 0.5', async () => {
    const h = healthy();
    const once = source(csvOf(h));
    await computeFileLoss(once, { variants: [keras], metrics: true });
    assert.equal(once.reads, 1);
    const inverted = source(csvOf({ ...h, y: h.y.map((y) => 1 - y) }));
    const r = await computeFileLoss(inverted, { variants: [keras], metrics: true });
    assert.equal(inverted.reads, 2);
    near(r.findings?.find((f) => f.code === 'labels-inverted')?.evidence.lossWithLabelsFlipped, lossOf(h, keras), 'the healthy loss');
    // Logits: the second pass reads them as lane 0 did.
    const logits = { ...h, y: h.y.map((y) => 1 - y), p: h.p.map((p) => Math.log(p / (1 - p)) * 2) };
    const l = await computeFileLoss(source(csvOf(logits)), { variants: [keras], metrics: true });
    near(l.findings?.find((f) => f.code === 'labels-inverted')?.evidence.lossWithLabelsFlipped, lossOf({ ...logits, y: h.y }, { ...keras, fromLogits: true }), 'the flipped logits loss');
  });

  it('an Arrow stream, read once, runs the flipped labels in its one pass', async () => {
    // Predictions in [0, 1] that rank the classes backwards (ROC AUC 0.1), in record batches of a stream.
    const y = Int8Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const p = Float64Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 0.2 : 0.7) + (i % 10 === 0 ? 0.5 : 0) + 0.001 * (i % 7));
    const bytes = tableToIPC(tableFromArrays({ y_true: y, y_pred: p }, { types: { y_true: int8(), y_pred: float64() }, maxBatchRows: 128 }), { format: 'stream' }) as Uint8Array;
    const inverted = await computeFileLoss(source(bytes, 'inverted.arrows'), { variants: [keras], metrics: true });
    assert.ok(inverted.results[0].ok, 'no second pass over a stream already read');
    const f = inverted.findings?.find((x) => x.code === 'labels-inverted');
    const flippedInMemory = computeLoss({ yTrue: Array.from(y, (v) => 1 - v), yPred: Array.from(p) }, keras).loss;
    assert.equal(f?.evidence.lossWithLabelsFlipped, flippedInMemory);
    // The committed fixture's predictions are unrelated to its labels: AUC near 0.5 is no finding.
    const unrelated = await computeFileLoss(source(readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'columnar', 'stream.arrows')), 'stream.arrows'), { variants: [keras], metrics: true });
    assert.ok(unrelated.results[0].ok);
    assert.equal(unrelated.findings?.find((x) => x.code === 'labels-inverted'), undefined);
  });

  it('without the metrics a file has no findings (the CLI says they come with --metrics)', async () => {
    const r = await computeFileLoss(source(csvOf(healthy())), { variants: [keras] });
    assert.equal(r.findings, undefined);
    assert.equal(r.results.length, 1);
  });
});

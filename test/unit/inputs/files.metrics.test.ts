/**
 * Metrics of streamed data files against scikit-learn 1.2 (test/fixtures/oracle/streamMetrics.json,
 * written by scripts/generate-oracle.py): read whole, in ranges merged as the CLI's threads merge
 * them, and past the in-memory limit from the sketch, whose stated error bound must hold.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BceAccumulator, StreamMetrics, type LabelMetrics, type LossOptions } from '../../../src/core';
import { computeSplit } from '../../../src/cli/split';
import { computeFileLoss } from '../../../src/inputs/files';
import { source } from './filesHelpers';

interface Expected {
  brier: number;
  baselineLoss: number;
  skill?: number;
  rocAuc?: number;
  averagePrecision?: number;
  bestF1?: number;
  atHalf: { precision: number; recall: number; f1: number; accuracy: number; tn: number; fp: number; fn: number; tp: number };
  calibration_uniform?: { fractionPositive: number[]; meanPredicted: number[]; expectedError: number; maximumError: number };
  calibration_quantile?: { fractionPositive: number[]; meanPredicted: number[]; expectedError: number; maximumError: number };
}

interface StreamCase {
  name: string;
  semantics: 'sklearn' | 'torch';
  csv: string;
  labels: Expected[];
}

const file = path.join(__dirname, '..', '..', 'fixtures', 'oracle', 'streamMetrics.json');
const { cases } = JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: StreamCase[] };

function close(actual: number | undefined, expected: number, what: string, tolerance = 1e-12): void {
  assert.ok(actual !== undefined, `${what}: missing`);
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.abs(expected) || Math.abs(actual - expected) <= 1e-15, `${what}: ${actual} vs ${expected}`);
}

const optionsOf = (c: StreamCase): LossOptions => ({ semantics: c.semantics, fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' });

/** Every metric equal to scikit-learn's within 1e-12 relative; with a sketch, ROC AUC and AP within its bound. */
function check(m: LabelMetrics, want: Expected, what: string): void {
  const bound = m.errorBound;
  close(m.brier, want.brier, `${what} brier`);
  close(m.baselineLoss, want.baselineLoss, `${what} baseline`);
  if (want.skill === undefined) assert.equal(m.skill, undefined, `${what} skill`);
  else close(m.skill, want.skill, `${what} skill`, 1e-10);
  if (want.rocAuc === undefined) assert.equal(m.rocAuc, undefined, `${what}: one class, no ROC AUC`);
  else {
    close(m.rocAuc, want.rocAuc, `${what} roc auc`, bound ? bound.rocAuc + 1e-12 : 1e-12);
    close(m.averagePrecision, want.averagePrecision as number, `${what} average precision`, bound ? bound.averagePrecision + 1e-12 : 1e-12);
    if (bound && bound.mixedBins > 0) assert.ok(m.bestF1 && m.bestF1.f1 <= (want.bestF1 as number) + 1e-12, `${what}: no F1 beats the best`);
    else close(m.bestF1?.f1, want.bestF1 as number, `${what} best F1`);
  }
  const h = m.atHalf;
  // The threshold view's counts at 0.5 are the confusion matrix at 0.5 (0.5 is a bin edge of the sketch too).
  assert.deepEqual([m.thresholds.truePositive[50], m.thresholds.falsePositive[50]], [h.truePositive, h.falsePositive], `${what}: threshold view at 0.5`);
  for (const [k, v] of Object.entries({ precision: h.precision, recall: h.recall, f1: h.f1, accuracy: h.accuracy, tn: h.trueNegative, fp: h.falsePositive, fn: h.falseNegative, tp: h.truePositive })) {
    close(v, want.atHalf[k as keyof typeof want.atHalf], `${what} at 0.5: ${k}`);
  }
  const strategies = bound && bound.mixedBins > 0 ? (['uniform'] as const) : (['uniform', 'quantile'] as const);
  for (const strategy of strategies) {
    const expected = want[`calibration_${strategy}`];
    if (!expected) continue;
    const c = m.calibration[strategy];
    assert.equal(c.bins.length, expected.meanPredicted.length, `${what} ${strategy}: bins`);
    c.bins.forEach((b, i) => {
      close(b.meanPredicted, expected.meanPredicted[i], `${what} ${strategy} bin ${i} mean predicted`);
      close(b.fractionPositive, expected.fractionPositive[i], `${what} ${strategy} bin ${i} fraction positive`);
    });
    close(c.expectedError, expected.expectedError, `${what} ${strategy} ECE`);
    close(c.maximumError, expected.maximumError, `${what} ${strategy} MCE`);
  }
}

describe('data files: metrics beside the loss, against scikit-learn', () => {
  it('covers weights, ties, one class, logits and several labels', () => {
    assert.ok(cases.length >= 8);
    assert.ok(cases.some((c) => /weighted/.test(c.name)) && cases.some((c) => /ties/.test(c.name)) && cases.some((c) => c.labels[0].rocAuc === undefined) && cases.some((c) => c.labels.length > 1));
  });

  for (const c of cases) {
    it(`${c.name}: read whole, exactly`, async () => {
      const r = await computeFileLoss(source(c.csv, 'data.csv', 4099), { variants: [optionsOf(c)], metrics: true });
      assert.ok(r.results[0].ok, r.results[0].ok ? '' : r.results[0].error);
      assert.equal(r.metricsNote, undefined);
      const metrics = r.metrics as LabelMetrics[];
      assert.equal(metrics.length, c.labels.length);
      metrics.forEach((m, j) => {
        assert.equal(m.errorBound, undefined, 'exact under the limit');
        check(m, c.labels[j], `label ${j}`);
      });
    });
  }

  it('merges ranges read apart (the CLI threads) to the same metrics', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bce-metrics-'));
    try {
      for (const c of cases.filter((x) => !/logits/.test(x.name))) {
        const at = path.join(dir, 'm.csv');
        writeFileSync(at, c.csv);
        const split = await computeSplit(at, Buffer.byteLength(c.csv), 'csv', { variants: [optionsOf(c)], threads: 3, inline: true, segmentBytes: 997, metrics: true });
        assert.ok(split?.metrics, `${c.name}: split, with metrics`);
        split.metrics.forEach((m, j) => check(m, c.labels[j], `${c.name} label ${j}`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('past the in-memory limit, from the sketch: within its stated bound, exact where it says so', () => {
    for (const c of cases) {
      const lines = c.csv.trim().split('\n');
      const head = lines[0].split(',');
      const L = c.labels.length;
      const rows = lines.slice(1).map((l) => l.split(',').map(Number));
      const weighted = head.includes('weight');
      const logits = /logits/.test(c.name);
      const y = Float64Array.from(rows.flatMap((r) => r.slice(0, L)));
      const p = Float64Array.from(rows.flatMap((r) => r.slice(L, 2 * L)));
      const w = weighted ? Float64Array.from(rows.map((r) => r[2 * L])) : null;
      // Three parts, each past a limit of 100 elements, merged; bins coarse enough to mix values.
      const parts = [0, Math.floor(rows.length / 3), Math.floor((2 * rows.length) / 3), rows.length];
      let merged: StreamMetrics | undefined;
      for (let k = 0; k < 3; k++) {
        const m = new StreamMetrics({ labels: L, fromLogits: logits, twoColumns: false, weighted, exactLimit: 100, sketchBins: /ties/.test(c.name) ? 1 << 16 : 1 << 10 });
        const [a, b] = [parts[k], parts[k + 1]];
        m.push(y.subarray(a * L, b * L), p.subarray(a * L, b * L), b - a, w ? w.subarray(a, b) : null);
        const passed = StreamMetrics.fromState(m.toState());
        if (!merged) merged = passed;
        else merged.merge(passed);
      }
      const acc = new BceAccumulator({ options: { semantics: c.semantics, fromLogits: logits, labelSmoothing: 0, reduction: 'mean', dtype: 'float64' }, labels: L });
      rows.forEach((r) => acc.pushRow(r.slice(0, L), r.slice(L, 2 * L), weighted ? r[2 * L] : 1));
      const out = (merged as StreamMetrics).finish(acc.labelMeanLosses());
      assert.ok('metrics' in out, c.name);
      out.metrics.forEach((m, j) => {
        assert.ok(m.errorBound, `${c.name}: sketched`);
        if (/ties/.test(c.name)) assert.deepEqual([m.errorBound.mixedBins, m.errorBound.rocAuc, m.errorBound.averagePrecision], [0, 0, 0], `${c.name}: one value per bin is exact`);
        else if (c.labels[j].rocAuc !== undefined) assert.ok(m.errorBound.rocAuc > 0 && m.errorBound.rocAuc < 0.01, `${c.name}: bound ${m.errorBound.rocAuc}`);
        check(m, c.labels[j], `${c.name} label ${j}`);
      });
    }
  });

  it('a JSON data file (read whole) gets the same metrics, exactly', async () => {
    const c = cases.find((x) => /^streamed one label, weighted/.test(x.name)) as StreamCase;
    const rows = c.csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const json = JSON.stringify({ y_true: rows.map((r) => r[0]), y_pred: rows.map((r) => r[1]), sample_weight: rows.map((r) => r[2]) });
    const r = await computeFileLoss(source(json, 'data.json'), { variants: [optionsOf(c)], metrics: true });
    assert.ok(r.metrics, r.metricsNote);
    check(r.metrics[0], c.labels[0], 'json');
  });

  it('says why there are no metrics: soft labels', async () => {
    const r = await computeFileLoss(source('y_true,y_pred\n1,0.9\n0.3,0.2\n0,0.4\n'), { variants: [optionsOf(cases[0])].map((o) => ({ ...o, semantics: 'keras' })), metrics: true });
    assert.ok(r.results[0].ok);
    assert.equal(r.metrics, undefined);
    assert.match(r.metricsNote ?? '', /labels 0 or 1 \(hard labels\), got 0\.3/);
  });

  it('computes no metrics unless asked', async () => {
    const r = await computeFileLoss(source(cases[0].csv), { variants: [optionsOf(cases[0])] });
    assert.equal(r.metrics, undefined);
    assert.equal(r.metricsNote, undefined);
  });
});

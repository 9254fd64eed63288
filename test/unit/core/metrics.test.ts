/**
 * The metrics beside the loss against scikit-learn 1.2.1 (test/fixtures/oracle/metrics.json, written
 * by scripts/generate-oracle.py): Brier score, base-rate loss, ROC AUC, average precision, the best
 * F1, the confusion matrix at 0.5, and calibration_curve's bins, with weights, ties and one class.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { binaryMetrics } from '../../../src/core';

interface MetricsCase {
  name: string;
  y: number[];
  p: number[];
  w?: number[];
  brier: number;
  baselineLoss: number;
  rocAuc?: number;
  averagePrecision?: number;
  bestF1?: number;
  atHalf: { precision: number; recall: number; f1: number; accuracy: number; tn: number; fp: number; fn: number; tp: number };
  calibration_uniform?: { fractionPositive: number[]; meanPredicted: number[] };
  calibration_quantile?: { fractionPositive: number[]; meanPredicted: number[] };
}

const file = path.join(__dirname, '..', '..', 'fixtures', 'oracle', 'metrics.json');
const { cases } = JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: MetricsCase[] };

function close(actual: number | undefined, expected: number, what: string, tolerance = 1e-12): void {
  assert.ok(actual !== undefined, `${what}: missing`);
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(Math.abs(expected), 1e-300) || Math.abs(actual - expected) <= 1e-15, `${what}: ${actual} vs ${expected}`);
}

describe('core: metrics beside the loss, against scikit-learn', () => {
  it('has at least 30 cases, with weights, ties and one class among them', () => {
    assert.ok(cases.length >= 30);
    assert.ok(cases.some((c) => c.w) && cases.some((c) => c.rocAuc === undefined) && cases.some((c) => /ties/.test(c.name)));
  });

  for (const c of cases) {
    it(c.name, () => {
      const m = binaryMetrics(c.y, c.p, c.w);
      close(m.brier, c.brier, 'brier');
      close(m.baselineLoss, c.baselineLoss, 'baseline loss');
      if (c.rocAuc === undefined) assert.equal(m.rocAuc, undefined, 'one class: no ROC AUC');
      else {
        close(m.rocAuc, c.rocAuc, 'roc auc');
        close(m.averagePrecision, c.averagePrecision as number, 'average precision');
        close(m.bestF1?.f1, c.bestF1 as number, 'best F1');
      }
      const h = m.atHalf;
      for (const [k, v] of Object.entries({ precision: h.precision, recall: h.recall, f1: h.f1, accuracy: h.accuracy, tn: h.trueNegative, fp: h.falsePositive, fn: h.falseNegative, tp: h.truePositive })) {
        close(v, c.atHalf[k as keyof typeof c.atHalf], `at 0.5: ${k}`);
      }
      for (const strategy of ['uniform', 'quantile'] as const) {
        const want = c[`calibration_${strategy}`];
        if (!want) continue;
        const bins = m.calibration[strategy].bins;
        assert.equal(bins.length, want.meanPredicted.length, `${strategy}: bins`);
        bins.forEach((b, i) => {
          close(b.meanPredicted, want.meanPredicted[i], `${strategy} bin ${i} mean predicted`);
          close(b.fractionPositive, want.fractionPositive[i], `${strategy} bin ${i} fraction positive`);
        });
      }
    });
  }
});

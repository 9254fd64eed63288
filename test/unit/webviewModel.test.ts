import * as assert from 'node:assert/strict';
import { consistentOptions, explain, fromLogitsChoices, pageCount, pageRows, reductionChoices, sortRows, statFacts, summaryFacts, cellText } from '../../src/webview/model';
import { formatCount, formatDelta, formatLoss, formatShort } from '../../src/shared/format';
import * as l10n from '@vscode/l10n';
import { ENGLISH_BUNDLE, keras, viewOf } from './webviewFixtures';


// The words go through the committed English bundle, as the panel's do in a translated VS Code.
before(() => l10n.config({ contents: ENGLISH_BUNDLE }));

describe('webview: view-model', () => {
  it('offers each framework its own reductions, default first', () => {
    assert.deepEqual(reductionChoices('torch').map((c) => c.value), ['default', 'mean', 'sum', 'none']);
    assert.deepEqual(reductionChoices('keras').map((c) => c.value), ['default', 'sum_over_batch_size', 'mean', 'sum', 'none', 'mean_with_sample_weight']);
    assert.equal(reductionChoices('sklearn')[0].label, 'mean (default)');
    assert.equal(fromLogitsChoices('sklearn').find((c) => c.value === 'true')?.disabled, true);
  });

  it('keeps options consistent when the semantics changes', () => {
    assert.equal(consistentOptions({ semantics: 'torch', fromLogits: 'auto', labelSmoothing: 0, reduction: 'mean_with_sample_weight', dtype: 'float64' }).reduction, 'default');
    assert.equal(consistentOptions({ semantics: 'torch', fromLogits: 'auto', labelSmoothing: 0, reduction: 'sum', dtype: 'float64' }).reduction, 'sum');
    assert.equal(consistentOptions({ semantics: 'sklearn', fromLogits: 'true', labelSmoothing: 0, reduction: 'default', dtype: 'float64' }).fromLogits, 'auto');
  });

  it('states N, classes and time; the class means and ranges', () => {
    const v = viewOf({ yTrue: [1, 0, 0.5], yPred: [0.9, 0.1, 0.5], sampleWeight: [1, 2, 1] });
    const facts = Object.fromEntries(summaryFacts(v).map((f) => [f.label, f.value]));
    assert.equal(facts.N, '3');
    assert.equal(facts.positives, '1');
    assert.equal(facts['soft labels'], '1');
    assert.equal(facts['Σ weights'], '4');
    assert.equal(summaryFacts(v).find((f) => f.label === 'N')?.id, 'n-value');
    assert.ok(statFacts(v).some((f) => f.label === 'mean loss, y = 1'));
  });

  it('a Parquet or Arrow file states its container, row groups and codecs; the writer and column types on hover', () => {
    const base = viewOf({ yTrue: [1, 0], yPred: [0.9, 0.1] }, undefined, { file: true });
    const file = { format: 'parquet', bytes: 1024, rows: 2, invalidRows: 0, columns: { yTrue: ['y_true'], yPred: ['y_pred'] } };
    assert.equal(summaryFacts({ ...base, file }).find((f) => f.label === 'file'), undefined, 'a CSV has no container facts');
    const container = { name: 'Parquet', writer: 'DuckDB version v1.5.6', groups: 3, groupKind: 'row groups' as const, compression: ['SNAPPY'], columns: [{ name: 'y_true', type: 'INT8' }, { name: 'y_pred', type: 'DOUBLE' }] };
    const fact = summaryFacts({ ...base, file: { ...file, container } }).find((f) => f.label === 'file');
    assert.equal(fact?.value, 'Parquet · 3 row groups · SNAPPY');
    assert.equal(fact?.title, 'written by DuckDB version v1.5.6; columns: y_true INT8, y_pred DOUBLE');
    // The count of groups is the panel's own words: a translated bundle translates it.
    try {
      l10n.config({ contents: { ...ENGLISH_BUNDLE, '{0} row groups': '{0} Zeilengruppen', '{0} record batches': '{0} Datensatzstapel' } });
      assert.equal(summaryFacts({ ...base, file: { ...file, container } }).find((f) => f.id === 'file-facts')?.value, 'Parquet · 3 Zeilengruppen · SNAPPY');
      const arrow = { ...container, name: 'Arrow IPC file', groupKind: 'record batches' as const };
      assert.equal(summaryFacts({ ...base, file: { ...file, format: 'arrow', container: arrow } }).find((f) => f.id === 'file-facts')?.value, 'Arrow IPC file · 3 Datensatzstapel · SNAPPY');
    } finally {
      l10n.config({ contents: ENGLISH_BUNDLE });
    }
  });

  it('sorts stably and pages', () => {
    const v = viewOf({ yTrue: [1, 0, 1, 0], yPred: [0.9, 0.9, 0.2, 0.1] });
    const byLoss = sortRows(v.samples.rows, { key: 'loss', descending: true });
    assert.deepEqual(byLoss.map((r) => r.index), [1, 2, 0, 3]);
    const byPred = sortRows(v.samples.rows, { key: 'prediction', descending: false });
    assert.deepEqual(byPred.map((r) => r.index), [3, 2, 0, 1]);
    assert.equal(pageCount(250, 100), 3);
    assert.deepEqual(pageRows([1, 2, 3, 4, 5], 1, 2), [3, 4]);
    assert.deepEqual(pageRows([1, 2, 3], 9, 2), [3], 'a page past the end shows the last');
    assert.equal(cellText([0, 1]), '[0, 1]');
    assert.equal(cellText(['spam']), 'spam');
  });

  it('explains every term of a small input and the reduction', () => {
    const v = viewOf({ yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]], sampleWeight: [1, 0] });
    const e = explain(v);
    assert.ok(e);
    assert.equal(e.terms.length, 4);
    assert.equal(e.terms[1].what, 'y_true[0][1] = 1, y_pred[0][1] = 0.4');
    assert.match(e.terms[1].term, /= 0\.9163$/);
    assert.equal(e.reduction, '(1·0.9163 + 0·0.7136) / 2 = 0.4581');
    assert.match(e.legend, /mean over its labels/);
  });

  it('explains clipping, smoothing and logits in words', () => {
    const clip = explain(viewOf({ yTrue: [1, 0], yPred: [0, 0.5] }));
    assert.match(clip?.terms[0].how ?? '', /ŷ = clip\(0, 1e-7, 1 − 1e-7\) = 1e-7/);
    const smooth = explain(viewOf({ yTrue: [1, 0], yPred: [0.8, 0.5] }, { ...keras, labelSmoothing: 0.2 }));
    assert.match(smooth?.terms[0].what ?? '', /= 1 → 0\.9/);
    const logits = explain(viewOf({ yTrue: [0, 1, 0, 0], yPred: [-18.6, 0.51, 2.94, -12.8] }));
    assert.match(logits?.terms[2].how ?? '', /σ\(2\.94\)/);
    const sk = explain(viewOf({ yTrue: ['spam', 'ham'], yPred: [[0.1, 0.9], [0.8, 0.2]] }, { ...keras, semantics: 'sklearn' }));
    assert.equal(sk?.terms.length, 2);
    assert.match(sk?.terms[0].what ?? '', /y_true\[0\] = spam, y_pred\[0\] = \[0\.1, 0\.9\]/);
  });

  it('no explain view for large inputs; at most 24 terms otherwise', () => {
    const n = 30;
    const v = viewOf({ yTrue: Array.from({ length: n }, (_, i) => i % 2), yPred: Array.from({ length: n }, () => 0.5) });
    assert.equal(explain(v)?.terms.length, 24);
    assert.equal(explain(v)?.more, 6);
  });
});

describe('webview: number formats', () => {
  it('formats losses for the big number (parseable), tables and deltas', () => {
    assert.equal(formatLoss(0.8149), '0.8149');
    assert.equal(formatLoss(0.81492424), '0.8149242');
    assert.equal(formatLoss(1.5e-9), '1.5e-9');
    assert.equal(parseFloat(formatLoss(1.5e-9)), 1.5e-9);
    assert.equal(formatLoss(null), '—');
    assert.equal(formatShort(16.118095), '16.118');
    assert.equal(formatDelta(-1.2e-7), '−1.2e−7');
    assert.equal(formatDelta(0.00168), '+0.00168');
    assert.equal(formatCount(10000000), '10\u2009000\u2009000');
    assert.equal(formatCount(1234), '1234');
  });
});

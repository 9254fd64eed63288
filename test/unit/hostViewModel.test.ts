import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { computeLoss, resolvedOf, SEMANTICS } from '../../src/core';
import { normaliseOption } from '../../src/host/api';
import { elementRange, sampleSpans } from '../../src/host/elementRange';
import { toLossOptions, toPanelOptions } from '../../src/host/panelOptions';
import { resultJson, resultText } from '../../src/host/resultText';
import { snippetFor } from '../../src/host/snippets';
import { displayedLoss } from '../../src/host/viewModel';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../src/host/webviewHtml';
import { L10N_ATTRIBUTE } from '../../src/shared/pageL10n';
import { MAX_SAMPLE_ROWS, type PanelOptions } from '../../src/shared/panelView';
import { keras, viewOf } from './webviewFixtures';

describe('host: panel view model', () => {
  it('small input: every sample, summaries, NaN as null for the wire', () => {
    const v = viewOf({ yTrue: [1, 1], yPred: [0.8, 0.4] });
    assert.equal(v.samples.kind, 'all');
    assert.equal(v.samples.rows.length, 2);
    assert.equal(v.result.stats.meanLossNegative, null, 'no negatives: null, not NaN');
    assert.equal(v.comparison.rows.length, SEMANTICS.length + 1, 'every framework, then the chosen one in the other dtype');
    assert.equal(JSON.parse(JSON.stringify(v)).result.loss, v.result.loss);
  });

  it('large input: the k worst samples only, so the view stays small', () => {
    const n = MAX_SAMPLE_ROWS + 1000;
    const yTrue = Array.from({ length: n }, (_, i) => i % 2);
    const yPred = Array.from({ length: n }, (_, i) => ((i * 7919) % 997) / 997);
    const v = viewOf({ yTrue, yPred });
    assert.equal(v.samples.kind, 'worst');
    assert.equal(v.samples.rows.length, 50);
    assert.equal(v.samples.total, n);
    assert.ok(JSON.stringify(v).length < 40_000, `view is ${JSON.stringify(v).length} chars`);
  });

  it('reduction none: the mean is shown, the values capped', () => {
    const v = viewOf({ yTrue: [1, 0, 1], yPred: [0.9, 0.2, 0.6] }, { ...keras, reduction: 'none' });
    assert.equal(v.result.perSample?.count, 3);
    const mean = (-Math.log(0.9) - Math.log(0.8) - Math.log(0.6)) / 3;
    assert.ok(Math.abs(v.result.loss - mean) < 1e-15);
    assert.match(v.comparison.note ?? '', /mean/);
    assert.deepEqual(displayedLoss([[1, 2], [3, 4]]), { value: 2.5, perSample: { count: 4, values: [1, 2, 3, 4] } });
  });

  it('copies as text and JSON', () => {
    const v = viewOf({ yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]] });
    const text = resultText(v);
    assert.match(text, /^Binary cross-entropy: 0\.81492/);
    assert.match(text, /Keras 3 · probabilities/);
    assert.match(text, /PyTorch: 0\.81492\d+ \(same\)/);
    const json = JSON.parse(resultJson(v));
    assert.equal(json.semantics, 'keras');
    assert.equal(json.n, 2);
    assert.equal(json.comparison.length, SEMANTICS.length + 1);
    assert.equal(json.stats.perLabel.length, 2);
  });

  it('snippets reproduce the chosen number, or a comparison row for another framework', () => {
    const input = { yTrue: [1, 0], yPred: [0, 0.5] };
    const v = viewOf(input);
    const primary = resolvedOf(computeLoss(input, keras));
    const k = snippetFor('keras', keras, primary, v, { kind: 'arrays', input });
    assert.match(k, new RegExp(`→ ${String(v.result.loss).replace('.', '\\.')}`));
    const t = snippetFor('torch', keras, primary, v, { kind: 'arrays', input });
    const torchRow = v.comparison.rows.find((r) => r.semantics === 'torch');
    assert.match(t, new RegExp(`→ ${String(torchRow?.loss).replace('.', '\\.')}`));
    assert.match(t, /reduction="mean"/);
    assert.match(t, /PyTorch · probabilities · mean over elements/);
  });
});

describe('host: options, ranges, HTML, API names', () => {
  it('converts between the controls and the core options', () => {
    const p: PanelOptions = { semantics: 'torch', fromLogits: 'true', labelSmoothing: 0.2, reduction: 'sum_over_batch_size', dtype: 'float32' };
    const o = toLossOptions(p);
    assert.equal(o.fromLogits, true);
    assert.equal(o.labelSmoothing, 0, 'PyTorch: no label smoothing');
    assert.equal(o.reduction, undefined, 'a reduction PyTorch lacks falls back to its default');
    assert.equal(toLossOptions({ ...p, fromLogits: 'auto' }, true).fromLogits, true, 'a "logits" name decides auto');
    assert.deepEqual(toPanelOptions({ ...keras, reduction: 'sum' }), { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, reduction: 'sum', dtype: 'float64' });
  });

  it('passes the bceLens.labels classes to the frameworks that read class names only', () => {
    const p: PanelOptions = { semantics: 'sklearn', fromLogits: 'auto', labelSmoothing: 0, reduction: 'default', dtype: 'float64' };
    assert.deepEqual(toLossOptions(p, undefined, [0, 1]).classes, [0, 1]);
    assert.equal(toLossOptions({ ...p, semantics: 'keras' }, undefined, [0, 1]).classes, undefined);
    // One class with the labels given: log_loss(y, p, labels=[0, 1]).
    assert.ok(Math.abs((computeLoss({ yTrue: [1, 1, 1], yPred: [0.9, 0.8, 0.6] }, toLossOptions(p, undefined, [0, 1])).loss as number) - 0.2797765635793423) < 1e-15);
  });

  it('maps element positions to document ranges', () => {
    const ranges = {
      yTrue: [[{ line: 0, column: 10, length: 1 }, { line: 0, column: 13, length: 1 }]],
      yPred: [[{ line: 1, column: 10, length: 3 }, { line: 1, column: 15, length: 3 }]],
      sampleWeight: [{ line: 2, column: 4, length: 1 }],
    };
    assert.deepEqual(elementRange(ranges, { array: 'y_pred', index: 0, label: 1 }), { line: 1, column: 15, length: 3 });
    assert.deepEqual(elementRange(ranges, { array: 'sample_weight', index: 0 }), { line: 2, column: 4, length: 1 });
    assert.equal(elementRange(ranges, { array: 'y_true', index: 5 }), undefined);
    assert.equal(elementRange(undefined, { array: 'y_true', index: 0 }), undefined);
    assert.deepEqual(sampleSpans(ranges, 0), [
      { start: { line: 0, column: 10 }, end: { line: 0, column: 14 } },
      { start: { line: 1, column: 10 }, end: { line: 1, column: 18 } },
    ]);
    assert.deepEqual(sampleSpans(ranges, 0, 1)[1], { start: { line: 1, column: 15 }, end: { line: 1, column: 18 } });
  });

  it('builds the HTML with a strict CSP and a fresh nonce', () => {
    const nonce = makeNonce((n) => new Uint8Array(n).map((_, i) => i * 37));
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    const csp = contentSecurityPolicy('vscode-resource:', nonce);
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(csp, /unsafe/);
    const html = panelHtml({ cspSource: 'vscode-resource:', nonce, script: 'x/webview.js', styles: ['x/webview.css', 'x/panel.css'], language: 'en', l10n: undefined, loading: 'Loading BCE Lens…' });
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="x/webview.js">`));
    assert.match(html, /<html lang="en">/);
    assert.doesNotMatch(html, /data-l10n/, 'English needs no bundle');
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'no inline script');
    assert.doesNotMatch(html, /style=/);
    assert.match(html, /id="app"/);
  });

  it('carries the l10n bundle to the page intact, in an attribute (no inline script)', () => {
    // Quotes, markup, ampersands and non-Latin text must come back exactly as the host had them.
    const bundle = { 'Copy': 'Kopieren "alles"', 'Loss {0} < {1} & more': '<b>Verlust</b> {0} &amp; {1}', 'Samples': 'サンプル' };
    const html = panelHtml({ cspSource: 'vscode-resource:', nonce: 'n', script: 's.js', styles: [], language: 'de', l10n: bundle, loading: 'Lädt <BCE Lens>…' });
    const doc = new JSDOM(html).window.document;
    assert.equal(doc.documentElement.lang, 'de');
    assert.deepEqual(JSON.parse(doc.getElementById('app')?.getAttribute(L10N_ATTRIBUTE) ?? ''), bundle);
    assert.equal(doc.querySelector('.placeholder')?.textContent, 'Lädt <BCE Lens>…');
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'no inline script');
  });

  it('accepts the DOM ids and natural values in setPanelOption', () => {
    assert.deepEqual(normaliseOption('from-logits', true), { name: 'fromLogits', value: 'true' });
    assert.deepEqual(normaliseOption('label-smoothing', '0.1'), { name: 'labelSmoothing', value: 0.1 });
    assert.deepEqual(normaliseOption('semantics', 'torch'), { name: 'semantics', value: 'torch' });
    assert.throws(() => normaliseOption('colour', 'red'), /unknown panel option/);
  });
});

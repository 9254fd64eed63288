import * as assert from 'node:assert/strict';
import { isHostMessage, isOptionValue, isPanelOptions, isPanelState, isPanelView, isPersistedState, isWebviewMessage, MAX_EXPORT_CHARS } from '../../src/shared/protocol';
import { viewOf } from './webviewFixtures';

const options = { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, reduction: 'default', dtype: 'float64' };

/** A built view, as the host posts it. */
const view = () => ({ ...viewOf({ yTrue: [1, 0], yPred: [0.8, 0.3] }), source: { kind: 'selection' as const, title: 'a.py', detail: 'line 1', uri: 'file:///a.py', selections: [[0, 0, 0, 10]] } });

describe('host: protocol validators', () => {
  it('accepts every well-formed webview message', () => {
    const good = [
      { type: 'ready' },
      { type: 'cancel' },
      { type: 'setOptions', seq: 3, options },
      { type: 'reveal', target: { kind: 'sample', index: 2 } },
      { type: 'reveal', target: { kind: 'sample', index: 2, label: 1, array: 'y_pred' } },
      { type: 'reveal', target: { kind: 'line', line: 17, column: 4 } },
      { type: 'copy', what: 'text' },
      { type: 'copy', what: 'python', framework: 'torch' },
      { type: 'save', chart: 'loss-curve', format: 'svg', light: true, data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
      { type: 'save', chart: 'epochs', format: 'png', light: false, data: 'iVBORw0KGgo=' },
      { type: 'response', id: 1, ok: true },
      { type: 'response', id: 1, ok: false, error: 'no' },
    ];
    for (const m of good) assert.ok(isWebviewMessage(m), JSON.stringify(m));
  });

  it('refuses malformed, extra-keyed, out-of-range or oversized messages', () => {
    const bad: unknown[] = [
      null,
      'ready',
      { type: 'nope' },
      { type: 'ready', extra: 1 },
      { type: 'setOptions', seq: -1, options },
      { type: 'setOptions', seq: 1, options: { ...options, labelSmoothing: 2 } },
      { type: 'setOptions', seq: 1, options: { ...options, semantics: 'jax' } },
      { type: 'setOptions', seq: 1, options: { ...options, dtype: 'float16' } },
      { type: 'setOptions', seq: 1, options: { ...options, extra: true } },
      { type: 'reveal', target: { kind: 'sample', index: 1.5 } },
      { type: 'reveal', target: { kind: 'line', line: 0 } },
      { type: 'reveal', target: { kind: 'file', path: '/etc/passwd' } },
      { type: 'copy', what: 'python' },
      { type: 'copy', what: 'text', framework: 'keras' },
      { type: 'save', chart: 'loss-curve', format: 'svg', light: true, data: '<script>' },
      { type: 'save', chart: 'loss-curve', format: 'png', light: true, data: 'not base64!' },
      { type: 'save', chart: 'other', format: 'png', light: true, data: 'AAAA' },
      { type: 'save', chart: 'loss-curve', format: 'svg', light: true, data: '<svg' + 'x'.repeat(MAX_EXPORT_CHARS) },
      { type: 'response', id: 1, ok: true, value: { ready: true } },
      { type: 'response', id: 1, ok: false },
    ];
    for (const m of bad) assert.ok(!isWebviewMessage(m), JSON.stringify(m)?.slice(0, 120));
  });

  it('checks panel options and option values for setOption', () => {
    assert.ok(isPanelOptions(options));
    assert.ok(!isPanelOptions({ ...options, fromLogits: true }));
    assert.ok(isOptionValue('fromLogits', true));
    assert.ok(isOptionValue('fromLogits', 'false'));
    assert.ok(!isOptionValue('labelSmoothing', -0.1));
    assert.ok(isOptionValue('reduction', 'mean_with_sample_weight'));
    assert.ok(!isOptionValue('semantics', 'pytorch'));
  });

  it('checks the panel state a webview answers', () => {
    const s = { ready: true, displayedLoss: '0.5', semantics: 'keras', chartDrawn: true, rows: 2, tableRows: 2, comparisonRows: 5, description: 'x', options, busy: false };
    assert.ok(isPanelState(s));
    assert.ok(!isPanelState({ ...s, rows: -1 }));
    assert.ok(!isPanelState({ ...s, options: {} }));
  });

  it('a built view passes the view guard, also after a JSON round trip (as postMessage carries it)', () => {
    const v = view();
    assert.ok(isPanelView(v));
    const wire = JSON.parse(JSON.stringify(v));
    assert.ok(isPanelView(wire));
    assert.ok(isHostMessage({ type: 'view', seq: 0, view: wire }));
    assert.ok(isPersistedState({ view: wire, ui: { xMode: 'linear' } }));
    assert.ok(!isPanelView({ ...wire, version: 2 }));
    assert.ok(!isPanelView({ ...wire, samples: { ...wire.samples, rows: [{ index: 'x' }] } }));
    assert.ok(!isPersistedState({ view: { version: 1 } }));
  });

  it('checks the lens of the diagnosis: reliability bins and threshold counts', () => {
    const wire = viewOf({ yTrue: [1, 0, 1, 0], yPred: [0.9, 0.2, 0.6, 0.4] });
    assert.ok(isPanelView(wire));
    const lens = wire.diagnosis?.lens?.[0];
    assert.ok(lens && wire.diagnosis?.lens?.length === 1);
    assert.equal(lens.thresholds.truePositive.length, 101);
    const withLens = (l: unknown) => ({ ...wire, diagnosis: { ...wire.diagnosis, lens: [l] } });
    assert.ok(!isPanelView(withLens({ ...lens, thresholds: { ...lens.thresholds, falsePositive: [1] } })), 'counts of unequal length');
    assert.ok(!isPanelView(withLens({ ...lens, reliability: { ...lens.reliability, uniform: [{ meanPredicted: 'x', fractionPositive: 0, weight: 1 }] } })));
    assert.ok(!isPanelView({ ...wire, diagnosis: { ...wire.diagnosis, findingsNote: 3 } }));
  });

  it('checks host messages on the webview side', () => {
    assert.ok(isHostMessage({ type: 'busy', seq: 1, label: 'Reading', cancellable: true }));
    assert.ok(isHostMessage({ type: 'failed', seq: 1, message: 'x', cancelled: false, reveal: { kind: 'line', line: 3 } }));
    assert.ok(isHostMessage({ type: 'request', id: 4, request: { kind: 'panelState' } }));
    assert.ok(isHostMessage({ type: 'request', id: 4, request: { kind: 'setOption', name: 'dtype', value: 'float32' } }));
    assert.ok(!isHostMessage({ type: 'request', id: 4, request: { kind: 'setOption', name: 'dtype', value: 'float16' } }));
    assert.ok(!isHostMessage({ type: 'notice' }));
  });

  it('accepts "chooseColumns" from the webview, with nothing else in it', () => {
    assert.ok(isWebviewMessage({ type: 'chooseColumns' }));
    assert.ok(!isWebviewMessage({ type: 'chooseColumns', uri: 'file:///etc/passwd' }));
  });

  it('checks the busy progress and the out-of-date message', () => {
    assert.ok(isHostMessage({ type: 'busy', seq: 0, label: 'Reading', cancellable: true, progress: 0.42, detail: '42 MB of 100 MB' }));
    assert.ok(!isHostMessage({ type: 'busy', seq: 0, label: 'Reading', cancellable: true, progress: 1.5 }));
    assert.ok(!isHostMessage({ type: 'busy', seq: 0, label: 'Reading', cancellable: true, progress: Number.NaN }));
    assert.ok(isHostMessage({ type: 'stale', reason: 'cancelled', message: 'Reading b.csv was cancelled.', reread: false }));
    assert.ok(isHostMessage({ type: 'stale', reason: 'changed', message: 'a.csv changed on disk.', reread: true }));
    assert.ok(!isHostMessage({ type: 'stale', reason: 'later', message: 'x', reread: false }));
    assert.ok(!isHostMessage({ type: 'stale', reason: 'failed', message: 'x' }));
  });
});

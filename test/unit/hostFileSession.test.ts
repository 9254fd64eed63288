/**
 * FileSession's cache (issue 15): an option change reads only the option sets it lacks and keeps
 * the metrics, whose skill it recomputes; a file whose mtime or size changed is read again whole.
 * A large file shows the chosen number first, then the rest (every framework, the metrics), which a
 * newer option change stops (the panel's side through the lens).
 * The host modules run on the web test's fake `vscode` (test/web/fakeVscode.js), files in memory.
 */
import * as assert from 'node:assert/strict';
import Module from 'node:module';
import * as path from 'node:path';
import type { PanelOptions, PanelView } from '../../src/shared/panelView';
import type { FileSession as FileSessionType } from '../../src/host/fileSession';

interface Posted {
  type: string;
  seq?: number;
  view?: PanelView;
}
interface FakeVscode {
  vscode: { Uri: { parse(s: string): unknown; file(p: string): unknown }; workspace: { fs: { stat(uri: unknown): Promise<unknown> } } };
  log: { reads: string[]; posted: Posted[]; errors: unknown[]; panel: { webview: { _send(m: unknown): void } } };
}
type Loader = (request: string, ...rest: unknown[]) => unknown;

const g = globalThis as unknown as { window: unknown; createFakeVscode(o: unknown): FakeVscode };
g.window = globalThis;
require(path.join(__dirname, '..', 'web', 'fakeVscode.js'));

const URI = 'file:///w/preds.csv';
const files: Record<string, Uint8Array> = {};
const fake = g.createFakeVscode({ files, settings: {} });
/** The file's modification time as stat reports it (the fake's own stat says 2 always). */
let mtime = 1;
const stat = fake.vscode.workspace.fs.stat;
fake.vscode.workspace.fs.stat = async (uri) => ({ ...(await stat(uri) as object), mtime });

const mod = Module as unknown as { _load: Loader };
const load = mod._load;
mod._load = function (this: unknown, request: string, ...rest: unknown[]) {
  return request === 'vscode' ? fake.vscode : load.call(this, request, ...rest);
};
const { FileSession, metricsKey, NUMBER_FIRST_BYTES } = require('../../src/host/fileSession') as typeof import('../../src/host/fileSession');
// The lens itself (activate.ts's dynamic import is for the bundles), for the panel's side of a large file.
const { startLens } = require('../../src/host/startLens') as typeof import('../../src/host/startLens');
mod._load = load;

/** Rows of label,probability: 0.5 ± a spread, labels by a fixed pattern. */
function csv(rows: number, shift = 0): Uint8Array {
  const lines = ['y_true,y_pred'];
  for (let i = 0; i < rows; i++) lines.push(`${(i * 7) % 3 === 0 ? 1 : 0},${(0.05 + (((i * 37 + shift) % 90) / 100)).toFixed(3)}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

const base: PanelOptions = { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, reduction: 'default', dtype: 'float64' };
const ctx = () => ({ signal: new AbortController().signal });
const session = () => new FileSession(fake.vscode.Uri.parse(URI) as never);
const reads = () => fake.log.reads.length;
const metricsOf = (v: PanelView) => v.diagnosis?.metrics;

describe('host: FileSession keeps what an option change needs', () => {
  beforeEach(() => {
    files[URI] = csv(3000);
    mtime = 1;
  });

  it('an option change reads the file once more for its lanes and gives the metrics a fresh session gives', async () => {
    const s: FileSessionType = session();
    const first = await s.compute(base, ctx());
    assert.equal(reads(), 1);
    const smoothed = { ...base, labelSmoothing: 0.1 };
    const changed = await s.compute(smoothed, ctx());
    assert.equal(reads(), 2);
    const fresh = await session().compute(smoothed, ctx());
    assert.equal(changed.view.result.loss, fresh.view.result.loss);
    assert.deepEqual(metricsOf(changed.view), metricsOf(fresh.view));
    assert.deepEqual(changed.view.diagnosis?.lens, fresh.view.diagnosis?.lens);
    // The skill follows the loss of the options shown; the rest of the metrics is the data's.
    const [a, b] = [metricsOf(first.view)?.[0], metricsOf(changed.view)?.[0]];
    assert.ok(a && b && a.skill !== b.skill && a.rocAuc === b.rocAuc && a.brier === b.brier);
    // Back to options already read: nothing is read.
    const back = await s.compute(base, ctx());
    assert.equal(reads(), 3);
    assert.deepEqual(back.view.diagnosis, first.view.diagnosis);
    assert.equal(back.view.result.loss, first.view.result.loss);
  });

  it('options that read the predictions otherwise (logits, scikit-learn) have metrics of their own', () => {
    assert.equal(metricsKey({ semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0.2, dtype: 'float32' }), metricsKey({ semantics: 'torch', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' }));
    assert.notEqual(metricsKey({ semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' }), metricsKey({ semantics: 'keras', fromLogits: true, labelSmoothing: 0, dtype: 'float64' }));
    assert.notEqual(metricsKey({ semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' }), metricsKey({ semantics: 'sklearn', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' }));
  });

  it('a file whose mtime or size changed is read again, and nothing kept of the old one is shown', async () => {
    const s = session();
    const before = await s.compute(base, ctx());
    const n = reads();
    await s.compute(base, ctx());
    assert.equal(reads(), n, 'unchanged: kept');
    // Same size, new contents and mtime.
    files[URI] = csv(3000, 11);
    mtime = 2;
    const touched = await s.compute(base, ctx());
    assert.equal(reads(), n + 1);
    assert.notEqual(touched.view.result.loss, before.view.result.loss);
    assert.deepEqual(touched.view.diagnosis, (await session().compute(base, ctx())).view.diagnosis);
    // Same mtime, another size.
    files[URI] = csv(2000, 11);
    const m = reads();
    const shorter = await s.compute(base, ctx());
    assert.equal(reads(), m + 1);
    assert.equal(shorter.view.result.n, 2000);
  });

  it('a large file shows the chosen number first; the rest (comparison, metrics) follows and is then kept', async () => {
    const rows = Math.ceil(NUMBER_FIRST_BYTES / 6);
    files[URI] = csv(rows);
    const s = session();
    const n = reads();
    const first = await s.compute(base, ctx());
    assert.equal(reads(), n + 1, 'one pass for the number');
    assert.ok(first.rest, 'the rest follows');
    assert.equal(first.view.diagnosis, undefined, 'no metrics yet');
    const waiting = first.view.comparison.rows.filter((r) => r.reason === 'reading…');
    assert.ok(waiting.length > 3 && !waiting.some((r) => r.relation === 'reference'));
    // Cancelled, nothing of the rest is kept: a later rest reads it.
    await assert.rejects(first.rest(AbortSignal.abort()), (e: Error) => e.name === 'AbortError');
    const all = await first.rest(new AbortController().signal);
    assert.equal(all.rest, undefined);
    assert.equal(all.view.result.loss, first.view.result.loss, 'the same number');
    assert.ok(all.view.diagnosis?.metrics);
    assert.ok(!all.view.comparison.rows.some((r) => r.reason === 'reading…'));
    // A fresh session's every framework equals the rest's (the number first changes no bits).
    const m = reads();
    const again = await s.compute(base, ctx());
    assert.equal(reads(), m, 'everything kept: nothing read');
    assert.deepEqual(again.view.comparison, all.view.comparison);
    assert.deepEqual(again.view.diagnosis, all.view.diagnosis);
    const fresh = await session().compute(base, ctx());
    const freshAll = await fresh.rest?.(new AbortController().signal);
    assert.deepEqual(freshAll?.view.comparison, all.view.comparison);
  });
});

const reading = (v: PanelView) => v.comparison.rows.some((r) => r.reason === 'reading…');
const views = () => fake.log.posted.filter((m): m is Posted & { view: PanelView; seq: number } => m.type === 'view' && m.view !== undefined);

/** Waits until a posted view satisfies `ok`. */
async function viewWhere(ok: (m: { view: PanelView; seq: number }) => boolean): Promise<{ view: PanelView; seq: number }> {
  for (;;) {
    const found = views().find(ok);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('host: the panel shows a large file\'s number first', () => {
  let lens: { computeFile(arg?: unknown): Promise<unknown> };
  before(() => {
    files[URI] = csv(Math.ceil(NUMBER_FIRST_BYTES / 6));
    mtime = 1;
    const memento = { get: () => undefined, update: async () => {}, keys: () => [] };
    const context = { subscriptions: [] as unknown[], globalStorageUri: fake.vscode.Uri.file('/storage'), secrets: {}, extensionUri: fake.vscode.Uri.file('/ext'), extensionPath: '/ext', extensionMode: 1, globalState: memento, workspaceState: memento, asAbsolutePath: (p: string) => p };
    lens = startLens(context as never);
  });

  it('posts the chosen number, then every framework and the metrics; an option change stops the rest', async () => {
    const result = (await lens.computeFile(fake.vscode.Uri.parse(URI))) as { loss: number } | undefined;
    assert.ok(result, JSON.stringify(fake.log.errors));
    fake.log.panel.webview._send({ type: 'ready' });
    const first = await viewWhere(() => true);
    assert.ok(reading(first.view), 'the other frameworks are being read');
    assert.equal(first.view.result.loss, result.loss);
    assert.equal(first.view.diagnosis, undefined);
    const all = await viewWhere((m) => !reading(m.view));
    assert.equal(all.seq, first.seq);
    assert.equal(all.view.result.loss, result.loss);
    assert.ok(all.view.diagnosis?.metrics, 'the metrics came with the rest');

    // Read again (a new run), then an option change at once: the run's rest is stopped, the change's follows.
    await lens.computeFile(fake.vscode.Uri.parse(URI));
    const before = views().length;
    fake.log.panel.webview._send({ type: 'setOptions', seq: 7, options: { ...all.view.options, labelSmoothing: 0.1 } });
    const smoothed = await viewWhere((m) => m.seq === 7 && !reading(m.view));
    assert.notEqual(smoothed.view.result.loss, result.loss);
    const between = views().slice(before);
    assert.ok(between.every((m) => m.seq === 7), 'nothing of the stopped run came after the change');
  });
});

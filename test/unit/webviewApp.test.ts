/**
 * The webview page under jsdom with a fake acquireVsCodeApi: the message protocol as the host
 * sees it (ready first, panelState read off the DOM, setOption through a real change event and
 * the host's answer), state kept with setState, and the keyboard paths of the table.
 */
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { HostMessage, PanelState, WebviewMessage } from '../../src/shared/protocol';
import type { PanelView } from '../../src/shared/panelView';
import { bigInput, ENGLISH_BUNDLE, keras, viewOf } from './webviewFixtures';
import { SEMANTICS } from '../../src/core';
import { L10N_ATTRIBUTE, type L10nBundle } from '../../src/shared/pageL10n';

import { diagnosisView } from '../../src/host/viewModel';
import { computeFileLoss } from '../../src/inputs/files';
import { source } from './inputs/filesHelpers';

/** Every page below looks its words up in the committed English bundle, as in a translated VS Code. */
const ENGLISH: L10nBundle = ENGLISH_BUNDLE;

interface Fake {
  posted: WebviewMessage[];
  state: unknown;
}

const GLOBALS = ['window', 'document', 'navigator', 'HTMLElement', 'HTMLSelectElement', 'HTMLInputElement', 'HTMLTextAreaElement', 'HTMLButtonElement', 'HTMLTableRowElement', 'Node', 'Event', 'KeyboardEvent', 'MouseEvent', 'MessageEvent', 'CustomEvent', 'MutationObserver', 'getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame', 'ResizeObserver', 'matchMedia', 'devicePixelRatio', 'acquireVsCodeApi', 'Path2D'];

/** A 2D context that accepts every call (jsdom has no canvas): enough for uPlot to run its draw hooks. */
function fakeContext(canvas: unknown): unknown {
  const target: Record<string | symbol, unknown> = { canvas, measureText: (t: string) => ({ width: t.length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }) };
  return new Proxy(target, {
    get: (t, k) => (k in t ? t[k] : () => undefined),
    set: (t, k, v) => {
      t[k] = v;
      return true;
    },
  });
}

let dom: JSDOM;
let fake: Fake;

function setUp(state?: unknown, bundle: L10nBundle | string = ENGLISH): void {
  dom = new JSDOM('<!DOCTYPE html><html><body class="vscode-dark"><main id="app"></main></body></html>', { pretendToBeVisual: true, url: 'https://webview.test/' });
  // As the host's panelHtml does: the bundle in an attribute of <main> (a string here is sent as it is, however malformed).
  dom.window.document.getElementById('app')?.setAttribute(L10N_ATTRIBUTE, typeof bundle === 'string' ? bundle : JSON.stringify(bundle));
  const w = dom.window as unknown as Record<string, unknown> & Window;
  fake = { posted: [], state };
  const g = globalThis as Record<string, unknown>;
  (w.HTMLCanvasElement as unknown as { prototype: { getContext: unknown } }).prototype.getContext = function (this: unknown) {
    return fakeContext(this);
  };
  w.matchMedia = (() => ({ matches: false, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} })) as unknown as typeof w.matchMedia;
  // uPlot builds its paths as Path2D objects, which jsdom lacks: any method call is accepted.
  (w as unknown as Record<string, unknown>).Path2D = class {
    constructor() {
      return new Proxy(this, { get: (t, k) => (k in t ? (t as Record<string | symbol, unknown>)[k] : () => undefined) });
    }
  };
  w.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  w.acquireVsCodeApi = () => ({
    postMessage: (m: WebviewMessage) => fake.posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => fake.state,
    setState: (s: unknown) => (fake.state = JSON.parse(JSON.stringify(s))),
  });
  for (const k of GLOBALS) g[k] = k === 'window' ? w : (w as Record<string, unknown>)[k];
}

function send(m: HostMessage): void {
  dom.window.dispatchEvent(new dom.window.MessageEvent('message', { data: JSON.parse(JSON.stringify(m)) }));
}

const $ = <T extends Element = HTMLElement>(sel: string) => dom.window.document.querySelector(sel) as T;
const active = () => dom.window.document.activeElement;
function key(el: Element, k: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const e = new dom.window.KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init });
  el.dispatchEvent(e);
  return e;
}
/** Gives an element a layout box (jsdom has none). */
function box(el: Element, left: number, width: number): void {
  (el as HTMLElement).getBoundingClientRect = () => ({ left, right: left + width, width, top: 0, bottom: 24, height: 24, x: left, y: 0, toJSON() {} }) as DOMRect;
}
const flush = () => new Promise((r) => setTimeout(r, 0));

async function ask(id: number, request: Extract<HostMessage, { type: 'request' }>['request']): Promise<WebviewMessage | undefined> {
  send({ type: 'request', id, request });
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const r = fake.posted.find((m) => m.type === 'response' && m.id === id);
    if (r) return r;
  }
  return undefined;
}

function start(view?: PanelView): void {
  // Loaded afresh for each page, once its DOM globals exist: uPlot keeps the window it saw at import.
  for (const key of Object.keys(require.cache)) if (/[\\/](uplot|src[\\/]webview)[\\/]/.test(key)) delete require.cache[key];
  const { App } = require('../../src/webview/app') as typeof import('../../src/webview/app');
  const { useTranslations } = require('../../src/webview/translations') as typeof import('../../src/webview/translations');
  useTranslations($('#app'));
  new App($('#app'));
  if (view) send({ type: 'view', seq: 0, view });
}

describe('webview: the page under jsdom', () => {
  afterEach(() => dom?.window.close());

  it('says ready before anything else and draws a view', () => {
    setUp();
    start();
    assert.deepEqual(fake.posted, [{ type: 'ready' }]);
    send({ type: 'view', seq: 0, view: viewOf({ yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]] }) });
    assert.equal($('#loss-value').textContent, '0.8149245');
    assert.match($('#loss-description').textContent ?? '', /^Keras 3 · probabilities/);
    assert.equal($('#app').dataset.ready, 'true');
    assert.equal($<HTMLTableElement>('#comparison').tBodies[0].rows.length, SEMANTICS.length + 1);
    assert.equal($<HTMLTableElement>('#samples').tBodies[0].rows.length, 2);
    assert.equal($('#per-label-section').hidden, false);
    assert.equal($('#explain-section').hidden, false);
    assert.ok($('#loss-curve').getAttribute('aria-label')?.includes('Loss curve'), 'the chart is labelled');
    assert.ok($('#loss-curve-table table'), 'a table behind the chart');
  });

  it('shows the words of the bundle the host gives, numbers unchanged', () => {
    // A translation of a few of the panel's own words (a skeleton label, a menu, a computed caption with a placeholder).
    setUp(undefined, { ...ENGLISH, Copy: 'Kopieren', Options: 'Optionen', '{0} samples × {1} labels': '{0} Stichproben × {1} Labels' });
    start(viewOf({ yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]] }));
    assert.equal($('#copy-menu-button').textContent, 'Kopieren');
    assert.equal($('#copy-menu-items').getAttribute('aria-label'), 'Kopieren');
    assert.equal($('#controls-heading').textContent, 'Optionen');
    assert.equal($('#n-value').closest('.fact')?.getAttribute('title'), '2 Stichproben × 2 Labels');
    assert.equal($('#loss-value').textContent, '0.8149245', 'the number is shown as in English');
    assert.equal($('#export-menu-button').textContent, 'Export chart', 'a word without a translation stays English');
  });

  it('a bundle that cannot be read leaves the panel in English, with a warning', () => {
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warned.push(args.join(' '));
    try {
      for (const bad of ['{"Copy": ', '{"Copy": 3}', '["Copy"]']) {
        setUp(undefined, bad);
        start(viewOf({ yTrue: [[0, 1]], yPred: [[0.6, 0.4]] }));
        assert.equal($('#copy-menu-button').textContent, 'Copy', bad);
        assert.equal($('#loss-value').textContent, '0.9162907', bad);
        dom.window.close();
      }
    } finally {
      console.warn = warn;
    }
    assert.equal(warned.length, 3);
    assert.match(String(warned[0]), /translations could not be read/);
  });

  it('answers panelState from its DOM', async () => {
    setUp();
    start(viewOf(bigInput(6000), keras, { line: true }));
    const r = await ask(7, { kind: 'panelState' });
    assert.ok(r && r.type === 'response' && r.ok);
    const s = (r as { value: PanelState }).value;
    assert.equal(s.ready, true);
    assert.equal(s.displayedLoss, $('#loss-value').textContent);
    assert.equal(s.semantics, 'keras');
    assert.equal(s.rows, 6000);
    assert.equal(s.tableRows, 50);
    assert.equal(s.comparisonRows, SEMANTICS.length + 1);
    assert.equal(s.chartDrawn, true);
    assert.equal(s.busy, false);
    assert.equal(s.options.reduction, 'default');
  });

  it('setOption changes the control, sends the options, and answers once the host redraws', async () => {
    setUp();
    const input = { yTrue: [1, 0, 1], yPred: [0.9, 0.2, 0.4] };
    start(viewOf(input));
    send({ type: 'request', id: 1, request: { kind: 'setOption', name: 'semantics', value: 'torch' } });
    await flush();
    const sent = fake.posted.find((m) => m.type === 'setOptions');
    assert.ok(sent && sent.type === 'setOptions');
    assert.equal(sent.options.semantics, 'torch');
    assert.equal(sent.seq, 1);
    assert.equal(fake.posted.some((m) => m.type === 'response'), false, 'no answer before the redraw');
    send({ type: 'view', seq: 1, view: viewOf(input, { ...keras, semantics: 'torch' }) });
    await flush();
    assert.deepEqual(fake.posted.find((m) => m.type === 'response'), { type: 'response', id: 1, ok: true });
    assert.match($('#loss-description').textContent ?? '', /^PyTorch/);
    assert.equal($<HTMLInputElement>('#label-smoothing').disabled, true, 'PyTorch has no label smoothing');
    const refused = await ask(2, { kind: 'setOption', name: 'labelSmoothing', value: 0.1 });
    assert.ok(refused && refused.type === 'response' && !refused.ok);
    assert.match((refused as { error: string }).error, /no label smoothing/);
  });

  it('a refused change shows the reason, offers to show the place, and puts the controls back', async () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    send({ type: 'request', id: 3, request: { kind: 'setOption', name: 'semantics', value: 'sklearn' } });
    await flush();
    send({ type: 'failed', seq: 1, cancelled: false, message: 'y_true[1]: expected 0 or 1, got 0.5', reveal: { kind: 'sample', index: 1, array: 'y_true' } });
    await flush();
    const r = fake.posted.find((m) => m.type === 'response');
    assert.ok(r && r.type === 'response' && !r.ok);
    assert.equal($('#banner').hidden, false);
    assert.match($('#banner').textContent ?? '', /expected 0 or 1/);
    assert.equal($<HTMLSelectElement>('#semantics').value, 'keras', 'back to what is shown');
    ($('#banner button.link') as HTMLButtonElement).click();
    assert.deepEqual(fake.posted.at(-1), { type: 'reveal', target: { kind: 'sample', index: 1, array: 'y_true' } });
    const s = await ask(4, { kind: 'panelState' });
    assert.match((s as { value: PanelState }).value.error ?? '', /expected 0 or 1/);
  });

  it('busy while the host re-reads a file; Cancel asks the host to stop', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    send({ type: 'busy', seq: 1, label: 'Reading data.csv…', cancellable: true });
    assert.equal($('#busy').hidden, false);
    assert.equal($('#busy-label').textContent, 'Reading data.csv…');
    ($('#busy-cancel') as HTMLButtonElement).click();
    assert.deepEqual(fake.posted.at(-1), { type: 'cancel' });
    send({ type: 'failed', seq: 1, cancelled: true, message: 'Cancelled: the previous result is shown.' });
    assert.equal($('#busy').hidden, true);
    assert.match($('#banner').className, /banner-info/);
  });

  it('a command reading another file shows what and how far; its Cancel leaves the result marked out of date', async () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    send({ type: 'busy', seq: 0, label: 'Reading big.csv…', cancellable: true });
    const bar = $('#busy-progress');
    assert.equal(bar.getAttribute('role'), 'progressbar');
    assert.ok(bar.classList.contains('indeterminate'), 'no fraction yet: indeterminate');
    assert.equal(bar.hasAttribute('aria-valuenow'), false);
    send({ type: 'busy', seq: 0, label: 'Reading big.csv…', cancellable: true, progress: 0.375, detail: '75 MB of 200 MB' });
    assert.equal(bar.classList.contains('indeterminate'), false);
    assert.equal(bar.getAttribute('aria-valuenow'), '38');
    assert.equal(($('#busy-progress .progress-fill') as HTMLElement).style.width, '38%');
    assert.equal($('#busy-detail').textContent, '75 MB of 200 MB');
    assert.equal($('#app').getAttribute('aria-busy'), 'true');
    assert.ok($('#app').classList.contains('is-busy'), 'the old result is dimmed');
    const busyState = await ask(1, { kind: 'panelState' });
    assert.equal((busyState as { value: PanelState }).value.busy, true);
    $('#busy-cancel').focus();
    ($('#busy-cancel') as HTMLButtonElement).click();
    assert.deepEqual(fake.posted.at(-1), { type: 'cancel' });
    send({ type: 'stale', reason: 'cancelled', message: 'Reading big.csv was cancelled: the result shown is still that of a.py.', reread: false });
    assert.equal($('#busy').hidden, true);
    assert.equal(active(), $('#semantics'), 'focus goes on from the options, not the top of the page');
    assert.equal($('#stale-badge').hidden, false);
    assert.equal($('#stale-badge').textContent, 'out of date');
    assert.ok($('#app').classList.contains('is-stale'));
    assert.match($('#banner').className, /banner-info/);
    assert.equal($('#reread'), null, 'reading the other file again is the command’s business');
    const s = (await ask(2, { kind: 'panelState' })) as { value: PanelState };
    assert.match(s.value.stale ?? '', /was cancelled/);
    assert.equal(s.value.busy, false);
    send({ type: 'view', seq: 0, view: viewOf({ yTrue: [1, 1], yPred: [0.9, 0.8] }) });
    assert.equal($('#stale-badge').hidden, true, 'a new result is current');
    assert.equal($('#banner').hidden, true);
    assert.equal($('#app').classList.contains('is-stale'), false);
  });

  it('a file changed on disk: out of date, and Read again asks the host to recompute with the shown options', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    send({ type: 'stale', reason: 'changed', message: 'data.csv changed on disk since it was read.', reread: true });
    assert.match($('#banner').className, /banner-warning/);
    assert.equal($('#stale-badge').hidden, false);
    ($('#reread') as HTMLButtonElement).click();
    const sent = fake.posted.at(-1);
    assert.ok(sent && sent.type === 'setOptions');
    assert.deepEqual(sent.options, { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, reduction: 'default', dtype: 'float64' });
  });

  it('Ctrl+A in the label smoothing field selects that field only; elsewhere it is left to VS Code', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    const forwarded: string[] = [];
    // Where VS Code's webview script listens to forward keys to the workbench (Select All).
    dom.window.addEventListener('keydown', (e) => forwarded.push((e.target as HTMLElement).id));
    const field = $<HTMLInputElement>('#label-smoothing');
    let selected = 0;
    field.select = () => void selected++;
    field.focus();
    const e = key(field, 'a', { ctrlKey: true });
    assert.equal(e.defaultPrevented, true);
    assert.equal(selected, 1, 'the field selects its own text');
    assert.deepEqual(forwarded, [], 'not forwarded to the panel-wide Select All');
    key(field, 'a', { metaKey: true });
    assert.equal(selected, 2, 'Cmd+A on macOS too');
    const other = key($('#semantics'), 'a', { ctrlKey: true });
    assert.equal(other.defaultPrevented, false);
    assert.deepEqual(forwarded, ['semantics']);
  });

  it('"Columns…" shows for CSV and TSV files and asks the host to choose them', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    assert.equal($('#choose-columns').hidden, true, 'not for a selection');
    const file = viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }, keras, { file: true });
    file.file = { format: 'csv', bytes: 20, rows: 2, invalidRows: 0, columns: { yTrue: ['a'], yPred: ['b'] } };
    send({ type: 'view', seq: 0, view: file });
    assert.equal($('#choose-columns').hidden, false);
    ($('#choose-columns') as HTMLButtonElement).click();
    assert.deepEqual(fake.posted.at(-1), { type: 'chooseColumns' });
    send({ type: 'view', seq: 0, view: { ...file, file: { ...file.file, format: 'npy' } } });
    assert.equal($('#choose-columns').hidden, true, 'a .npy file has no columns to choose');
  });

  it('ignores malformed messages', () => {
    setUp();
    start();
    const warn = console.warn;
    const warned: unknown[] = [];
    console.warn = (...a: unknown[]) => warned.push(a);
    try {
      send({ type: 'view', seq: 0, view: { version: 1 } } as unknown as HostMessage);
      send({ type: 'launch' } as unknown as HostMessage);
    } finally {
      console.warn = warn;
    }
    assert.notEqual($('#app').dataset.ready, 'true');
    assert.equal(warned.length, 2);
  });

  it('sorts the table, moves with the arrow keys and reveals with Enter', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0, 1, 0], yPred: [0.9, 0.9, 0.2, 0.1] }));
    const lossHeader = Array.from(dom.window.document.querySelectorAll<HTMLButtonElement>('#samples thead button')).find((b) => b.textContent?.startsWith('loss'));
    lossHeader?.click();
    const order = () => Array.from($<HTMLTableElement>('#samples').tBodies[0].rows).map((r) => r.dataset.index);
    assert.deepEqual(order(), ['1', '2', '0', '3'], 'worst first');
    assert.equal($('#samples thead th[aria-sort]')?.getAttribute('aria-sort'), 'descending');
    const rows = $<HTMLTableElement>('#samples').tBodies[0].rows;
    assert.equal(rows[0].tabIndex, 0);
    assert.equal(rows[1].tabIndex, -1, 'one tab stop for the table');
    rows[0].dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    assert.equal(rows[1].tabIndex, 0);
    rows[1].dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    // Enter shows the place with focus kept in the panel (issue 14: typed keys went into the user's file).
    assert.deepEqual(fake.posted.at(-1), { type: 'reveal', target: { kind: 'sample', index: 2 }, preserveFocus: true });
  });

  it('the samples of a binary file say the rows are read here, not opened in the editor', () => {
    setUp();
    const base = viewOf({ yTrue: [0, 1, 1], yPred: [0.2, 0.7, 0.4] }, keras, { file: true });
    const file = { format: 'parquet', bytes: 900, rows: 3, invalidRows: 0, columns: { yTrue: ['y_true'], yPred: ['y_pred'] }, container: { name: 'Parquet', groups: 1, groupKind: 'row groups' as const, compression: ['SNAPPY'], columns: [] } };
    start({ ...base, file, samples: { ...base.samples, revealable: false } });
    assert.match($('#samples-caption')?.textContent ?? '', /A row of a Parquet file cannot be opened in the editor: its row in the file \(0-based\) and its values are shown here\./);
    assert.doesNotMatch($('#samples-caption')?.textContent ?? '', /Alt\+Enter/);
    // After skipped rows the file's row, and the row group with the row in it, are columns of their own.
    const rows = base.samples.rows.map((r) => ({ ...r, row: [4, 9, 30007][r.index], group: { index: r.index === 2 ? 1 : 0, row: [4, 9, 7][r.index] } }));
    start({ ...base, file, samples: { ...base.samples, rows, revealable: false } });
    const headers = Array.from(dom.window.document.querySelectorAll('#samples thead th')).map((th) => th.textContent?.replace(/[▲▼]/g, ''));
    assert.deepEqual(headers.slice(0, 3), ['index', 'row in file', 'row group, row']);
    const cells = Array.from($<HTMLTableElement>('#samples').tBodies[0].rows).map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent, tr.cells[2].textContent]);
    assert.deepEqual(
      cells.sort((a, b) => Number(a[0]) - Number(b[0])),
      [
        ['0', '4', '0, 4'],
        ['1', '9', '0, 9'],
        ['2', '30007', '1, 7'],
      ],
    );
  });

  it('a small file whose worst-k list holds every sample is captioned as all samples', () => {
    setUp();
    start(viewOf({ yTrue: [0, 1, 1], yPred: [0.2, 0.7, 0.4] }, keras, { line: true, file: true }));
    assert.equal($('#samples-section h2')?.textContent, 'Samples');
    assert.match($('#samples-caption')?.textContent ?? '', /^All 3 samples/);
    start(viewOf(bigInput(6000), keras, { line: true }));
    assert.match($('#samples-caption')?.textContent ?? '', /too many to list: these are the 50 with the largest loss/);
  });

  it('says how a 1-D array is read for a selection summed, never for a file', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }, { ...keras, reduction: 'sum' }));
    assert.match($('#warnings')?.textContent ?? '', /A 1-D array is read as n samples/);
    dom.window.close();
    setUp();
    const fileView = viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }, { ...keras, reduction: 'sum' }, { file: true });
    start({ ...fileView, source: { kind: 'file', title: 'a.csv', detail: 'CSV' } });
    assert.doesNotMatch($('#warnings')?.textContent ?? '', /A 1-D array is read as n samples/);
  });

  it('lists a data file’s findings, then says the broadcast trap is for selections', async () => {
    // Labels inverted in a CSV: the file's pass finds it, with the loss of the flipped labels.
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 2},${i % 2 ? 0.2 + (i % 7) / 100 : 0.8 - (i % 5) / 100}`);
    const read = await computeFileLoss(source(['y_true,y_pred', ...rows].join('\n')), { variants: [keras], metrics: true });
    assert.ok(read.findings && read.findingsNote);
    setUp();
    const view = viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }, keras, { file: true });
    start({ ...view, source: { kind: 'file', title: 'a.csv', detail: 'CSV' }, diagnosis: diagnosisView({ findings: read.findings, findingsNote: read.findingsNote, ...(read.metrics ? { metrics: read.metrics } : {}) }) });
    const items = [...dom.window.document.querySelectorAll<HTMLElement>('#findings li')];
    assert.deepEqual(items.map((li) => li.dataset.code ?? li.className), ['labels-inverted', 'finding note']);
    assert.match(items[0].textContent ?? '', /with the labels flipped the loss is/);
    assert.match(items[1].textContent ?? '', /broadcast-trap is looked for in selections only/);
  });

  it('shows the Diagnosis first: the findings and the metrics beside the loss', () => {
    setUp();
    // Probabilities in [σ(0), σ(1)]: a sigmoid applied twice.
    start(viewOf({ yTrue: [[1], [0], [1], [0]], yPred: [[0.7], [0.52], [0.69], [0.55]] }));
    assert.equal($('#diagnosis-section').hidden, false);
    const codes = [...dom.window.document.querySelectorAll<HTMLElement>('#findings li')].map((li) => li.dataset.code);
    assert.ok(codes.includes('sigmoid-twice'), String(codes));
    const rows = [...$<HTMLTableElement>('#metrics').tBodies[0].rows].map((r) => r.cells[0].textContent);
    assert.ok(rows.includes('ROC AUC') && rows.includes('Skill') && rows.includes('Calibration error'), String(rows));
    // The section comes before the comparison.
    const order = [...dom.window.document.querySelectorAll('section')].map((x) => x.id);
    assert.ok(order.indexOf('diagnosis-section') < order.indexOf('comparison-section'));
    dom.window.close();
    setUp();
    start(viewOf({ yTrue: [0.2, 0.9], yPred: [0.3, 0.8] }));
    assert.match($('#metrics-note').textContent ?? '', /No metrics: metrics need labels 0 or 1/);
  });

  it('the threshold view: a labelled slider that recomputes the confusion matrix in the page, per label, copyable', () => {
    setUp();
    const yTrue = [[1, 0], [0, 0], [1, 1], [1, 0], [0, 1], [0, 0]];
    const yPred = [[0.9, 0.2], [0.2, 0.3], [0.6, 0.8], [0.4, 0.1], [0.3, 0.7], [0.55, 0.6]];
    start(viewOf({ yTrue, yPred }));
    assert.equal($('#lens-section').hidden, false);
    const slider = $<HTMLInputElement>('#threshold-slider');
    assert.equal(dom.window.document.querySelector('label[for="threshold-slider"]')?.textContent, 'Predict positive at ŷ ≥');
    const cell = (c: string) => $(`#threshold-table [data-cell="${c}"]`).textContent;
    // Label 0 at ŷ ≥ 0.5: predicted positive 0.9, 0.6, 0.55 → TP 2, FP 1, FN 1, TN 2.
    assert.deepEqual(['tp', 'fp', 'fn', 'tn'].map(cell), ['2', '1', '1', '2']);
    const posted = fake.posted.length;
    // Keyboard: the range input moves by its step; the page recomputes without asking the host.
    slider.value = '35';
    slider.dispatchEvent(new dom.window.Event('input', { bubbles: true }));
    assert.equal($('#threshold-value').textContent, '0.35');
    assert.deepEqual(['tp', 'fp', 'fn', 'tn'].map(cell), ['3', '1', '0', '2']);
    assert.match(slider.getAttribute('aria-valuetext') ?? '', /ŷ ≥ 0\.35: precision 0\.75, recall 1/);
    assert.equal(fake.posted.length, posted, 'no round trip to the host');
    // Label 1 of the multi-label input.
    const label = $<HTMLSelectElement>('#lens-label');
    assert.equal((label.closest('.control') as HTMLElement).hidden, false);
    label.value = '1';
    label.dispatchEvent(new dom.window.Event('change', { bubbles: true }));
    // Label 1 at ŷ ≥ 0.35: 0.8, 0.7, 0.6 → TP 2, FP 1.
    assert.deepEqual(['tp', 'fp'].map(cell), ['2', '1']);
    assert.match($('#reliability-table').textContent ?? '', /mean predicted/);
    assert.equal(dom.window.document.querySelectorAll('[data-export-reliability]').length, 2);
  });

  it('offers a Python snippet only where its framework computes the data', () => {
    const offered = () =>
      [...dom.window.document.querySelectorAll<HTMLButtonElement>('button[data-copy="python"]')].filter((b) => !b.hidden).map((b) => b.dataset.framework);
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [2.5, -1] }));
    // Logits: scikit-learn and Spark refuse them, optax and tf.nn take them.
    assert.ok(offered().includes('keras') && offered().includes('torch') && offered().includes('optax'), String(offered()));
    assert.ok(!offered().includes('sklearn') && !offered().includes('spark'), String(offered()));
    dom.window.close();
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    // Probabilities: the logits-only frameworks are not offered.
    assert.ok(offered().includes('sklearn') && !offered().includes('optax') && !offered().includes('tf-nn'), String(offered()));
  });

  it('file rows reveal their line', () => {
    setUp();
    start(viewOf(bigInput(6000), keras, { line: true }));
    const first = $<HTMLTableElement>('#samples').tBodies[0].rows[0];
    first.click();
    const m = fake.posted.at(-1);
    assert.ok(m && m.type === 'reveal' && m.target.kind === 'line' && m.target.line >= 2);
  });

  it('copies through the host, and keeps its view and UI state across a reload', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    ($('button[data-copy="python"][data-framework="torch"]') as HTMLButtonElement).click();
    assert.deepEqual(fake.posted.at(-1), { type: 'copy', what: 'python', framework: 'torch' });
    ($('#curve-axis button[aria-checked="false"]') as HTMLButtonElement).click();
    const saved = fake.state as { view: PanelView; ui: { xMode: string } };
    assert.equal(saved.ui.xMode, 'linear');
    assert.equal(saved.view.result.n, 2);
    dom.window.close();
    // A reload: the new page draws the saved view at once, before the host answers "ready".
    setUp(saved);
    start();
    assert.equal($('#loss-value').textContent, saved.view.result.loss.toPrecision(7).replace(/\.?0+$/, ''));
    assert.equal($('#curve-axis button[aria-checked="true"]')?.textContent, 'linear');
    assert.deepEqual(fake.posted, [{ type: 'ready' }]);
  });

  it('redraws the charts in the new colours when VS Code switches the theme', async () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    const swatch = () => ($('#loss-curve .swatch-line') as HTMLElement).style.getPropertyValue('--swatch');
    const before = swatch();
    assert.equal(before, '#3794ff', 'the dark palette (jsdom has no theme variables: the fallbacks)');
    dom.window.document.body.className = 'vscode-light';
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(swatch(), '#1a6fd6', 'redrawn with the light palette');
    assert.ok($('#loss-curve canvas'), 'a new chart is drawn');
  });

  it('menus follow the menu button pattern: ARIA, Enter opens on the first item, arrows move, Escape gives focus back', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    const button = $<HTMLButtonElement>('#copy-menu-button');
    const list = $('#copy-menu-items');
    assert.equal(button.getAttribute('aria-haspopup'), 'menu');
    assert.equal(button.getAttribute('aria-expanded'), 'false');
    assert.equal(button.getAttribute('aria-controls'), 'copy-menu-items');
    assert.equal(list.getAttribute('role'), 'menu');
    assert.equal(list.hidden, true);
    const items = [...list.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')].filter((b) => !b.hidden);
    assert.equal(items[0].textContent, 'Result as text');
    assert.ok(items.every((b) => b.tabIndex === -1), 'items are reached with the arrows, not Tab');
    button.focus();
    assert.equal(key(button, 'Enter').defaultPrevented, true);
    assert.equal(button.getAttribute('aria-expanded'), 'true');
    assert.equal(list.hidden, false);
    assert.equal(active(), items[0]);
    key(items[0], 'ArrowDown');
    assert.equal(active(), items[1]);
    key(items[1], 'End');
    assert.equal(active(), items.at(-1));
    key(items.at(-1)!, 'ArrowDown');
    assert.equal(active(), items[0], 'wraps');
    key(items[0], 'ArrowUp');
    assert.equal(active(), items.at(-1), 'wraps back');
    key(items.at(-1)!, 'Home');
    assert.equal(active(), items[0]);
    key(items[0], 'Escape');
    assert.equal(list.hidden, true);
    assert.equal(button.getAttribute('aria-expanded'), 'false');
    assert.equal(active(), button, 'focus back on its button');
    // Space and ArrowUp open it too (ArrowUp on the last item).
    key(button, ' ');
    assert.equal(active(), items[0]);
    key(items[0], 'Escape');
    key(button, 'ArrowUp');
    assert.equal(active(), items.at(-1));
    // Enter on an item chooses it, closes the menu and gives focus back to the button.
    key(items.at(-1)!, 'Home');
    key(items[0], 'ArrowDown');
    key(items[1], 'Enter');
    assert.deepEqual(fake.posted.at(-1), { type: 'copy', what: 'json' });
    assert.equal(list.hidden, true);
    assert.equal(active(), button);
    // Tab closes it and lets focus move on.
    key(button, 'Enter');
    key(items[0], 'Tab');
    assert.equal(list.hidden, true);
  });

  it('a mouse opens a menu, a click elsewhere or the other menu closes it; the Light background item is a checkbox', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    const copy = $<HTMLButtonElement>('#copy-menu-button');
    const exp = $<HTMLButtonElement>('#export-menu-button');
    copy.click();
    assert.equal(copy.getAttribute('aria-expanded'), 'true');
    exp.click();
    assert.equal(copy.getAttribute('aria-expanded'), 'false', 'one menu at a time');
    assert.equal(exp.getAttribute('aria-expanded'), 'true');
    const light = $<HTMLButtonElement>('#export-light');
    assert.equal(light.getAttribute('role'), 'menuitemcheckbox');
    assert.equal(light.getAttribute('aria-checked'), 'false');
    light.click();
    assert.equal(light.getAttribute('aria-checked'), 'true');
    assert.equal((fake.state as { ui: { light: boolean } }).ui.light, true);
    assert.equal(exp.getAttribute('aria-expanded'), 'true', 'a checkbox item leaves the menu open');
    $('#loss-value').click();
    assert.equal(exp.getAttribute('aria-expanded'), 'false');
    exp.click();
    exp.click();
    assert.equal(exp.getAttribute('aria-expanded'), 'false', 'its button toggles it');
  });

  it('an open menu stays inside the viewport when the header wraps (420 px: the button at the left edge)', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    Object.defineProperty(dom.window, 'innerWidth', { value: 420, configurable: true });
    const root = $('#copy-menu');
    const list = $('#copy-menu-items');
    // The Copy button wrapped to the left edge of the panel: right-aligned, the list would start at 16 + 60 − 240 < 0.
    box(root, 16, 60);
    box(list, 0, 240);
    $<HTMLButtonElement>('#copy-menu-button').click();
    const left = parseFloat(list.style.left);
    assert.equal(list.style.right, 'auto');
    assert.ok(16 + left >= 4, `left edge ${16 + left} inside the viewport`);
    assert.ok(16 + left + 240 <= 420 - 4, 'right edge inside the viewport');
    $<HTMLButtonElement>('#copy-menu-button').click();
    // Wide panel, button at the right: right-aligned with its button as before.
    Object.defineProperty(dom.window, 'innerWidth', { value: 1200, configurable: true });
    box(root, 1100, 60);
    $<HTMLButtonElement>('#copy-menu-button').click();
    assert.equal(parseFloat(list.style.left), 60 - 240);
  });

  it('placeMenu: right-aligned when it fits, clamped to the viewport, narrowed when wider than it', () => {
    const { placeMenu } = require('../../src/webview/menu') as typeof import('../../src/webview/menu');
    assert.deepEqual(placeMenu({ left: 900, right: 960 }, 220, 1000), { left: 60 - 220 });
    assert.deepEqual(placeMenu({ left: 16, right: 76 }, 220, 420), { left: 4 - 16 });
    assert.deepEqual(placeMenu({ left: 390, right: 450 }, 220, 420), { left: 420 - 4 - 220 - 390 }, 'off the right edge: moved left');
    assert.deepEqual(placeMenu({ left: 16, right: 76 }, 400, 300), { left: 4 - 16, maxWidth: 292 });
  });

  it('Enter or a click on a row keeps focus in the panel; Alt+Enter or a double-click goes into the editor', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0, 1, 0], yPred: [0.9, 0.9, 0.2, 0.1] }));
    const rows = $<HTMLTableElement>('#samples').tBodies[0].rows;
    rows[0].focus();
    key(rows[0], 'ArrowDown');
    assert.equal(active(), rows[1]);
    key(rows[1], 'Enter');
    assert.deepEqual(fake.posted.at(-1), { type: 'reveal', target: { kind: 'sample', index: 1 }, preserveFocus: true });
    assert.equal(active(), rows[1], 'focus stays on the row');
    key(rows[1], 'Enter', { altKey: true });
    assert.deepEqual(fake.posted.at(-1), { type: 'reveal', target: { kind: 'sample', index: 1 }, preserveFocus: false });
    rows[2].click();
    assert.deepEqual(fake.posted.at(-1), { type: 'reveal', target: { kind: 'sample', index: 2 }, preserveFocus: true });
    rows[3].dispatchEvent(new dom.window.MouseEvent('dblclick', { bubbles: true }));
    assert.deepEqual(fake.posted.at(-1), { type: 'reveal', target: { kind: 'sample', index: 3 }, preserveFocus: false });
    assert.match($('#samples-caption').textContent ?? '', /Alt\+Enter/);
  });

  it('after "use" in the comparison, focus goes to the chosen row, not to the top of the page', () => {
    setUp();
    const input = { yTrue: [1, 0, 1], yPred: [0.9, 0.2, 0.4] };
    start(viewOf(input));
    const use = $<HTMLButtonElement>('#comparison tr[data-semantics="torch"] button.use');
    use.focus();
    use.click();
    const sent = fake.posted.filter((m) => m.type === 'setOptions').at(-1);
    assert.ok(sent && sent.type === 'setOptions' && sent.options.semantics === 'torch');
    send({ type: 'view', seq: sent.seq, view: viewOf(input, { ...keras, semantics: 'torch' }) });
    const row = $('#comparison tr[data-semantics="torch"]');
    assert.equal(row.getAttribute('aria-current'), 'true', 'now the chosen row');
    assert.equal(active(), row.querySelector('th'), 'focus on the chosen row');
    // Focus on another row's "use" survives a redraw (a new view of the same data).
    const keras3 = $<HTMLButtonElement>('#comparison tr[data-semantics="keras"] button.use');
    keras3.focus();
    send({ type: 'view', seq: sent.seq, view: viewOf(input, { ...keras, semantics: 'torch' }) });
    assert.equal(active(), $('#comparison tr[data-semantics="keras"] button.use'));
  });

  it('a Copy item chosen with the mouse gives focus back to the Copy button', () => {
    setUp();
    start(viewOf({ yTrue: [1, 0], yPred: [0.9, 0.2] }));
    $<HTMLButtonElement>('#copy-menu-button').click();
    const item = $<HTMLButtonElement>('button[data-copy="text"]');
    item.focus();
    item.click();
    assert.deepEqual(fake.posted.at(-1), { type: 'copy', what: 'text' });
    assert.equal(active(), $('#copy-menu-button'));
  });

  it('focus in the sample table and on the pager survives their redraw', () => {
    setUp();
    const input = bigInput(6000);
    start(viewOf(input, keras, { line: true }));
    const rows = () => $<HTMLTableElement>('#samples').tBodies[0].rows;
    rows()[0].focus();
    key(rows()[0], 'ArrowDown');
    send({ type: 'view', seq: 0, view: viewOf(input, keras, { line: true }) });
    assert.equal(active(), rows()[1], 'the row at its place has focus again');
    // Small input, several pages: the pager is drawn anew on each page.
    start(viewOf(bigInput(350)));
    const next = $<HTMLButtonElement>('#samples-pager button[aria-label="Next page"]');
    next.focus();
    next.click();
    assert.equal(active()?.getAttribute('aria-label'), 'Next page');
    ($('#samples-pager button[aria-label="Last page"]') as HTMLButtonElement).click();
    assert.equal(active()?.getAttribute('aria-label'), 'Previous page', 'the nearest enabled button when its own is disabled');
  });

  it('names the sample table\'s columns "index" and "line", not "#" and "line"', () => {
    setUp();
    start(viewOf(bigInput(6000), keras, { line: true }));
    const heads = [...dom.window.document.querySelectorAll<HTMLElement>('#samples thead th')].map((th) => th.querySelector('button')?.firstChild?.textContent ?? th.textContent);
    assert.deepEqual(heads.slice(0, 2), ['index', 'line']);
    assert.match($('#samples thead th button').getAttribute('title') ?? '', /0-based/);
    assert.ok(!heads.includes('#'));
  });
});

/*
 * The panel in a pseudo-locale (issue 14, item 10): the page gets, as from the host, a bundle in
 * which every message of l10n/bundle.l10n.json is pseudo-localised by @vscode/l10n-dev (each ASCII
 * letter becomes an accented one, placeholders kept). Then, in each state the panel has (a file
 * result with metrics and epochs, selections: multi-label, logits, label smoothing, many samples,
 * options that cannot be changed; busy, stale, failed, cancelled; the menus open), every text node
 * and every aria-label, title and aria-valuetext of the page is read: one that still holds an
 * ASCII letter, once the data below are taken out, is a string the webview did not localise, and
 * the test names it with its place.
 *
 * What is taken out, and why it is data, not words of the webview:
 * - text the host sent (every string of the PanelView and of the busy/stale/failed messages):
 *   file and column names, the split names of the data, the host's own sentences (localised, or
 *   not, by the host with vscode.l10n.t; not the webview's to translate), except option values
 *   (semantics, reduction, …), which are identifiers and are matched below;
 * - what the core (shared with the English-only CLI) says of a framework: its name, the source it
 *   cites, what it refuses, its guard against log(0) (describeCurve, lossGuard): product names,
 *   code paths and the core's sentences, which reach the panel as they reach the CLI;
 * - the explanation's formulas (the core's formatTerm and explainReduction): mathematics;
 * - the browser's own error text (the clipboard's refusal);
 * - numbers with their unit symbols (1e-7, 0.8149245, 72 KB, 3 ms): values, never translated;
 * - code identifiers and formula symbols (y_true, y_pred[2], dtype, float32, the reduction names,
 *   file formats, log, clip, σ, ŷ, N, F1, Σw) and the names of the frameworks and libraries: names
 *   that the frameworks, the formulas and the products use, the same in every language.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

/** The Dark+ variables the page reads (as test/web/panelLayout.js). */
const VSCODE_VARS = `:root {
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
  --vscode-foreground: #cccccc; --vscode-editor-background: #1f1f1f; --vscode-editor-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d; --vscode-focusBorder: #0078d4; --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff; --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616;
}`;

/** Keys of the view whose values are identifiers (options, kinds, codes): matched as identifiers, never as host text. */
const IDENTIFIER_KEYS = new Set(['semantics', 'fromLogits', 'reduction', 'dtype', 'relation', 'kind', 'severity', 'code', 'format', 'uri']);

/** Identifiers and formula symbols (see above); numbers with their units. As regular-expression sources. */
const DATA_PATTERNS = [
  // Code identifiers: the arrays, the dtypes, the reduction names, from_logits; file formats.
  String.raw`\b(?:y_true|y_pred|sample_weight|from_logits|dtype|float32|float64|sum_over_batch_size|mean_with_sample_weight|none|sum|mean|logit|PNG|SVG|CSV|TSV|JSON|Parquet|Arrow)\b`,
  // Names of the frameworks and libraries (beside the registry's titles): product names.
  String.raw`\b(?:scikit-learn|Keras|PyTorch|TensorFlow|XGBoost|LightGBM|Spark|optax)\b`,
  // Formula symbols and functions: log, clip, σ, ŷ, y, x, s, n, N, F1, Σw, e (Euler's number), max, indices i and j.
  String.raw`\b(?:log|clip|exp|max|F1|N|n|y|x|s|w|e|i|j)\b`,
  // Numbers, last (after the identifiers that hold digits): 0.8149245, −1e-7, 1e+05, 72 KB, 3 ms.
  String.raw`[-−+]?\d[\d.,]*(?:e[-+−]?\d+)?(?:\s*(?:B|KB|MB|GB|TB|ms|s|min)(?![A-Za-z]))?`,
];

/** Every string leaf of a message the host sends (option values excepted, see IDENTIFIER_KEYS). */
function hostStrings(value, key = '') {
  if (typeof value === 'string') return IDENTIFIER_KEYS.has(key) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => hostStrings(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => hostStrings(v, k));
  return [];
}

/** In the page: the text nodes and labelling attributes that keep an ASCII letter once the data are taken out. */
function unlocalised({ allowed, patterns }) {
  /* global document, NodeFilter */
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Longest first, so a sentence goes before a word inside it; whole words only.
  const texts = allowed.map((a) => new RegExp(`(?<![A-Za-z])${escape(a)}(?![A-Za-z])`, 'g'));
  const data = patterns.map((p) => new RegExp(p, 'g'));
  const residue = (text) => {
    let t = text;
    for (const r of texts) t = t.replace(r, ' ');
    for (const r of data) t = t.replace(r, ' ');
    return t;
  };
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}${e.classList[0] ? `.${e.classList[0]}` : ''}`);
    }
    return parts.join(' > ');
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style')) continue;
    const text = node.textContent ?? '';
    const left = residue(text);
    if (/[A-Za-z]/.test(left)) found.push(`${where(parent)}: text ${JSON.stringify(text.trim())} (left: ${JSON.stringify(left.replace(/\s+/g, ' ').trim())})`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    for (const name of ['aria-label', 'title', 'aria-valuetext', 'placeholder', 'alt']) {
      const value = el.getAttribute(name);
      if (!value) continue;
      const left = residue(value);
      if (/[A-Za-z]/.test(left)) found.push(`${where(el)}: ${name} ${JSON.stringify(value)} (left: ${JSON.stringify(left.replace(/\s+/g, ' ').trim())})`);
    }
  }
  return found;
}

/** The pseudo-locale bundle of l10n/bundle.l10n.json, made by @vscode/l10n-dev in a process of its own (on import it changes Node's WebAssembly global). */
function pseudoBundle(root) {
  const script = `const l10n = require('@vscode/l10n-dev');
const english = JSON.parse(require('node:fs').readFileSync('l10n/bundle.l10n.json', 'utf8'));
process.stdout.write(JSON.stringify(l10n.getL10nPseudoLocalized(english)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }));
}

/** The error the page's clipboard gives (the browser's words, not the panel's). */
const CLIPBOARD_REFUSAL = 'no clipboard here';

module.exports = async function pseudoLocale({ browser, test, assert, root }) {
  require('tsx/cjs'); // the fixtures and the core are TypeScript
  const { viewOf, bigInput, keras } = require(path.join(root, 'test/unit/webviewFixtures.ts'));
  const core = require(path.join(root, 'src/core/index.ts'));
  const { optionsOfView } = require(path.join(root, 'src/shared/panelView.ts'));
  const { explain } = require(path.join(root, 'src/webview/model.ts'));
  const script = fs.readFileSync(path.join(root, 'dist/webview.js'), 'utf8');
  const css = [fs.readFileSync(path.join(root, 'dist/webview.css'), 'utf8'), fs.readFileSync(path.join(root, 'media/panel.css'), 'utf8')];
  const pseudo = pseudoBundle(root);
  /** A host message as the host sends it in this locale: its own l10n.t of a message of the bundle. */
  const hostSays = (message, ...args) => {
    assert(message in pseudo, `the host message ${JSON.stringify(message)} is not in l10n/bundle.l10n.json`);
    return pseudo[message].replace(/\{(\d+)\}/g, (m, i) => String(args[Number(i)] ?? m));
  };

  // The views: the states a person meets, built by the host's view model from real computations.
  const big = bigInput(10000);
  const file = viewOf(big, keras, { file: true, line: true, epochs: [
    { epoch: '1', split: 'train', loss: 0.61, n: 5000 },
    { epoch: '1', split: 'val', loss: 0.64, n: 5000 },
    { epoch: '2', split: 'train', loss: 0.52, n: 5000 },
    { epoch: '2', split: 'val', loss: 0.58, n: 5000 },
  ] });
  // A file's metrics are streamed by the host (no findings); the same numbers as for the arrays.
  file.diagnosis = { ...viewOf(big, keras).diagnosis, findings: [] };
  file.source = { kind: 'file', title: 'training-log.parquet', detail: 'Parquet · 72 KB · columns y_true, y_pred, epoch, split', uri: 'file:///w/training-log.parquet' };
  file.file = {
    format: 'parquet',
    bytes: 73_728,
    rows: 10_000,
    columns: { yTrue: ['y_true'], yPred: ['y_pred'], epoch: 'epoch', split: 'split' },
    invalidRows: 2,
    firstInvalid: { line: 7, column: 3, text: 'x', reason: 'y_pred is not a number' },
    container: { name: 'Parquet', writer: 'pyarrow 17.0.0', groups: 2, groupKind: 'row groups', compression: ['SNAPPY'], columns: [{ name: 'y_true', type: 'INT64' }, { name: 'y_pred', type: 'DOUBLE' }] },
  };
  const multiLabel = viewOf({ yTrue: [[0, 1], [0, 0], [1, 1]], yPred: [[0.6, 0.4], [0.4, 0.6], [0.9, 0.7]] }, keras);
  const logits = viewOf({ yTrue: [0, 1, 0, 0], yPred: [-18.6, 0.51, 2.94, -12.8] }, { ...keras, semantics: 'torch', fromLogits: 'true' });
  const smoothing = viewOf({ yTrue: [0, 1, 1, 0, 1], yPred: [0.1, 0.8, 0.6, 0.3, 0.99] }, { ...keras, labelSmoothing: 0.1 });
  const many = viewOf(bigInput(150), keras, { line: true });
  const frozen = { ...viewOf({ yTrue: [0, 1, 1], yPred: [0.2, 0.7, 0.4] }, { ...keras, semantics: 'sklearn', reduction: 'sum' }, { line: true }), canRecompute: false };

  const messages = [];
  const coreText = new Set();
  for (const fw of core.FRAMEWORK_LIST) {
    coreText.add(fw.title);
    coreText.add(fw.source);
    for (const why of Object.values(fw.refuses)) coreText.add(why);
  }
  const noteCore = (view) => {
    const o = optionsOfView(view);
    coreText.add(core.describeCurve(o));
    coreText.add(core.lossGuard(o).description);
    // The explanation's terms and reduction are the core's formulas (formatTerm, explainReduction).
    const e = explain(view);
    if (e?.reduction) coreText.add(e.reduction);
    for (const t of e?.terms ?? []) coreText.add(t.term);
  };

  const page = await browser.newPage({ viewport: { width: 1232, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e));
  try {
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body class="vscode-dark"><main id="app"></main></body></html>');
    await page.addStyleTag({ content: VSCODE_VARS });
    for (const c of css) await page.addStyleTag({ content: c });
    // As the host's panelHtml does: the bundle in <main data-l10n>, read before the first draw.
    await page.evaluate(({ bundle, refusal }) => {
      /* global window, navigator */
      document.getElementById('app').setAttribute('data-l10n', JSON.stringify(bundle));
      window.acquireVsCodeApi = () => ({ postMessage() {}, getState: () => undefined, setState() {} });
      // No clipboard in this page: the copy button shows its refusal (a message of its own to check).
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new Error(refusal)) } });
    }, { bundle: pseudo, refusal: CLIPBOARD_REFUSAL });
    await page.addScriptTag({ content: script });

    const send = async (m) => {
      messages.push(m);
      if (m.type === 'view') noteCore(m.view);
      await page.evaluate((msg) => window.postMessage(msg, '*'), m);
      await page.waitForTimeout(120); // the charts draw on the next frames
    };
    const check = async (state) => {
      await test(`pseudo-locale: ${state}: every word of the panel is localised`, async () => {
        // Strings without a letter (epoch "2", a count) are left to the number pattern: taken out here they would cut numbers.
        const allowed = [...new Set([...messages.flatMap((m) => hostStrings(m)), ...coreText, CLIPBOARD_REFUSAL])].filter((s) => /[A-Za-z]/.test(s)).sort((a, b) => b.length - a.length);
        const found = await page.evaluate(unlocalised, { allowed, patterns: DATA_PATTERNS });
        assert(pageErrors.length === 0, `page errors: ${pageErrors.map(String).join('; ')}`);
        assert(found.length === 0, `${found.length} string(s) not localised:\n        ${found.join('\n        ')}`);
      });
    };

    await send({ type: 'view', seq: 0, view: file });
    await page.waitForFunction(() => document.querySelector('#loss-curve canvas'));
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await check('a file result with metrics, epochs and the tables behind the charts');

    await page.click('#copy-menu-button');
    await check('the Copy menu open');
    await page.click('#export-menu-button');
    await check('the Export chart menu open');
    await page.keyboard.press('Escape');

    await page.click('#copy-threshold');
    await page.waitForTimeout(100);
    await check('the threshold view copied (or refused by the clipboard)');

    await send({ type: 'busy', seq: 0, label: hostSays('Reading {0}…', 'training-log.parquet'), cancellable: true, progress: 0.4, detail: hostSays('{0} of {1}', '29 KB', '72 KB') });
    await check('busy, reading a file');
    await send({ type: 'stale', reason: 'failed', message: hostSays('{0} The result shown is still that of {1}.', 'y_pred is not a number.', 'training-log.parquet'), reread: true });
    await check('stale after a failed run');
    await send({ type: 'failed', seq: 0, cancelled: false, message: hostSays('BCE Lens: {0}', 'model.py:2:5: y_pred is not a number'), reveal: { kind: 'line', line: 2, column: 5 } });
    await check('an error with its place');
    await send({ type: 'failed', seq: 0, cancelled: true, message: hostSays('Cancelled: the previous result is shown.') });
    await check('cancelled');

    await send({ type: 'view', seq: 1, view: multiLabel });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await check('a multi-label selection (loss per label, the explanation, the lens per label)');
    await send({ type: 'view', seq: 2, view: logits });
    await check('logits under PyTorch');
    await send({ type: 'view', seq: 3, view: smoothing });
    await check('label smoothing (targets, curves without smoothing)');
    await page.fill('#label-smoothing', '5');
    await page.dispatchEvent('#label-smoothing', 'change');
    await check('a label smoothing out of range');
    await send({ type: 'view', seq: 4, view: many });
    await page.click('#samples-pager button[aria-label]:not([disabled])').catch(() => undefined);
    await check('150 samples (pager, explanation cut short)');
    await send({ type: 'view', seq: 5, view: frozen });
    await page.click('#curve-axis button[aria-checked="false"]').catch(() => undefined);
    await check('scikit-learn after a reload (options cannot change), linear ŷ axis');
    await send({ type: 'notice', text: hostSays('Copied the result') });
    await check('a notice');
  } finally {
    await page.close();
  }
};

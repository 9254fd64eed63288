#!/usr/bin/env node
/*
 * The web extension (dist/web/extension.js, the package.json "browser" entry) in a real browser:
 * headless Chromium loads the bundle into a page with no Node at all, gives it a minimal fake
 * `vscode` module through a CommonJS `require` shim (test/web/fakeVscode.js), activates it and runs
 * the compute commands through the command registry. The losses are checked against independent
 * computations done here in Node. Prints "N passed, N failed"; exits non-zero on a failure.
 *
 * Build first: node esbuild.js (or --production).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '../..');
const bundlePath = path.join(root, 'dist/web/extension.js');
const KERAS_LOGITS_LOSS = 0.8654579; // the Keras BinaryCrossentropy docstring example, from_logits

const results = [];
function record(name, error) {
  results.push({ name, error });
  console.log(error ? `  ✗ ${name}\n      ${String(error && error.stack ? error.stack : error).split('\n').join('\n      ')}` : `  ✓ ${name}`);
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
function close(actual, expected, tol, what) {
  assert(typeof actual === 'number' && Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, got ${actual}`);
}

// ---- independent references (plain Node, no code of the extension) ----
function readCsv(file) {
  const [header, ...rows] = fs.readFileSync(path.join(root, 'samples', file), 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], v])));
}
/** Keras 3 binary_crossentropy on probabilities (float64): clip to [1e-7, 1 − 1e-7], mean. */
function kerasProbLoss(rows) {
  const eps = 1e-7;
  let sum = 0;
  for (const r of rows) {
    const y = Number(r.y_true);
    const p = Math.min(Math.max(Number(r.y_pred), eps), 1 - eps);
    sum += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
  }
  return sum / rows.length;
}
/** PyTorch BCEWithLogitsLoss (mean): max(x, 0) − x·y + log(1 + e^−|x|). */
function torchLogitLoss(y, x) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
  return sum / y.length;
}

const SELECTION_TEXT = '# the Keras docstring example\ny_true = [0, 1, 0, 0]\nlogits = [-18.6, 0.51, 2.94, -12.8]\nprint("done")\n';
const SELECTION = [1, 0, 2, 35]; // lines 2–3, the two arrays

async function main() {
  const bundle = fs.readFileSync(bundlePath, 'utf8');
  const samples = Object.fromEntries(['predictions.csv', 'training-log.csv', 'arrays.py'].map((f) => [f, [...fs.readFileSync(path.join(root, 'samples', f))]]));
  const predictions = readCsv('predictions.csv');
  const trainingLog = readCsv('training-log.csv');
  const expectedCsv = kerasProbLoss(predictions);
  const expectedLog = kerasProbLoss(trainingLog);
  const expectedTorch = torchLogitLoss([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]);

  // Static: the bundle asks for nothing but `vscode` (no Node built-ins in the web build).
  try {
    const required = [...new Set([...bundle.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))];
    assert(required.length === 1 && required[0] === 'vscode', `the web bundle requires ${JSON.stringify(required)}; only "vscode" is allowed`);
    assert(!/["']node:[a-z_]+["']/.test(bundle), 'the web bundle mentions a node: module');
    record('web bundle requires only "vscode"');
  } catch (e) {
    record('web bundle requires only "vscode"', e);
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e));
    page.on('console', (m) => {
      if (m.type() === 'error') console.log(`    [page console.error] ${m.text()}`);
    });
    await page.setContent('<!doctype html><title>BCE Lens web test</title>');
    await page.addScriptTag({ path: path.join(__dirname, 'fakeVscode.js') });
    // The bundle as a CommonJS module body; `require` gets only the fake vscode. Node's globals
    // (process, Buffer, global) are absent from the page: a use of one fails the test.
    await page.addScriptTag({ content: `window.__bceLensModule = function (module, exports, require) {\n${bundle}\n};` });
    await page.evaluate(() => {
      /* global window */
      window.__activate = (setup) => {
        const fake = window.createFakeVscode(setup);
        const module = { exports: {} };
        const require = (name) => {
          if (name === 'vscode') return fake.vscode;
          throw new Error(`the web bundle required "${name}"`);
        };
        window.__bceLensModule(module, module.exports, require);
        const context = {
          subscriptions: [],
          extensionUri: fake.vscode.Uri.parse('https://extensions.example/bce-lens/bce-lens/0.1.0/extension'),
          extensionPath: '/extension',
          globalStorageUri: fake.vscode.Uri.parse('https://storage.example/global/bce-lens.bce-lens'),
          globalState: { get: () => undefined, update: async () => {}, keys: () => [] },
          workspaceState: { get: () => undefined, update: async () => {}, keys: () => [] },
          asAbsolutePath: (p) => `/extension/${p}`,
          extensionMode: setup.mode === 'production' ? fake.vscode.ExtensionMode.Production : fake.vscode.ExtensionMode.Test,
        };
        const api = module.exports.activate(context);
        return { fake, vscode: fake.vscode, api, context, module };
      };
    });

    /** Runs fn(env) in the page with a fresh activation; returns what fn returns (JSON). */
    const inPage = (setup, fn) =>
      page.evaluate(
        async ({ setup, fnText, samples }) => {
          const bytes = (name) => new Uint8Array(samples[name]);
          const files = {};
          for (const [uri, name] of Object.entries(setup.files || {})) files[uri] = bytes(name);
          const env = window.__activate({ ...setup, files });
          const f = new Function('env', `return (${fnText})(env);`);
          return f(env);
        },
        { setup, fnText: fn.toString(), samples },
      );

    const test = async (name, body) => {
      try {
        await body();
        assert(pageErrors.length === 0, `uncaught page errors: ${pageErrors.map(String).join('; ')}`);
        record(name);
      } catch (e) {
        record(name, e);
      }
      pageErrors.length = 0;
    };

    await test('activate registers the commands and returns the test API', async () => {
      const r = await inPage({}, async ({ vscode, api, context, module }) => ({
        commands: await vscode.commands.getCommands(),
        api: Object.keys(api).sort(),
        subscriptions: context.subscriptions.length,
        deactivate: typeof module.exports.deactivate,
      }));
      for (const c of ['bceLens.computeSelection', 'bceLens.computeFile', 'bceLens.showPanel', 'bceLens.openSample', 'bceLens.computeInDatabase']) assert(r.commands.includes(c), `${c} not registered: ${r.commands}`);
      assert(JSON.stringify(r.api) === JSON.stringify(['lastError', 'lastResult', 'panelState', 'setPanelOption']), `API keys ${r.api}`);
      assert(r.subscriptions >= 6, `only ${r.subscriptions} subscriptions`);
      assert(r.deactivate === 'function', 'no deactivate export');
    });

    await test('an installed extension (Production mode) exports no test round trip through the panel', async () => {
      const keys = await inPage({ mode: 'production' }, async ({ api }) => Object.keys(api).sort());
      assert(JSON.stringify(keys) === JSON.stringify(['lastError', 'lastResult']), `API keys in Production mode: ${keys}`);
    });

    await test('computeSelection: the Keras logits example gives 0.8654579', async () => {
      const r = await inPage(
        { editor: { uri: 'vscode-vfs://github/bce-lens/demo/model.py', text: SELECTION_TEXT, selections: [SELECTION] } },
        async ({ vscode, api, fake }) => {
          const result = await vscode.commands.executeCommand('bceLens.computeSelection');
          return { result, last: api.lastResult(), errors: fake.log.errors, contexts: fake.log.contexts, statusBar: fake.log.statusBar, panelTitle: fake.log.panel && fake.log.panel.title, html: fake.log.panel && fake.log.panel.webview.html.length };
        },
      );
      assert(r.errors.length === 0, `error messages: ${r.errors}`);
      assert(r.result, 'the command returned no result');
      close(r.result.loss, KERAS_LOGITS_LOSS, 5e-7, 'loss');
      assert(r.result.fromLogits === true, `fromLogits ${r.result.fromLogits}`);
      assert(r.result.n === 4, `n ${r.result.n}`);
      close(r.last.loss, r.result.loss, 0, 'lastResult().loss');
      assert(r.contexts['bceLens.hasResult'] === true, 'bceLens.hasResult not set');
      assert(r.statusBar.some((t) => t.includes('BCE 0.865')), `status bar ${JSON.stringify(r.statusBar)}`);
      assert(/^BCE 0\.865/.test(r.panelTitle), `panel title ${r.panelTitle}`);
      assert(r.html > 200, 'the panel got no HTML');
    });

    await test('the panel: after "ready" the host posts the view with the loss', async () => {
      const r = await inPage({ editor: { uri: 'file:///w/model.py', text: SELECTION_TEXT, selections: [SELECTION] } }, async ({ vscode, fake }) => {
        await vscode.commands.executeCommand('bceLens.computeSelection');
        const before = fake.log.posted.length;
        fake.log.panel.webview._send({ type: 'ready' });
        // Poll rather than sleep a fixed time: a loaded machine may take longer to post.
        let view;
        for (let i = 0; i < 400 && !view; i++) {
          await new Promise((res) => setTimeout(res, 25));
          view = fake.log.posted.find((m) => m.type === 'view');
        }
        return { before, loss: view && view.view.result.loss, rows: view && view.view.comparison.rows.length };
      });
      assert(r.before === 0, 'posted before the webview said ready');
      close(r.loss, KERAS_LOGITS_LOSS, 5e-7, 'posted view loss');
      assert(r.rows > 0, 'no comparison rows');
    });

    await test('in another display language the host hands its l10n bundle to the panel and speaks it itself', async () => {
      // A translation of two host messages and one of the panel's (any bundle does: the page gets it whole).
      const bundle = { 'Loading BCE Lens…': 'BCE Lens lädt…', 'BCE {0} · {1}': 'BKE {0} · {1}', 'Export chart': 'Diagramm exportieren' };
      const r = await inPage({ editor: { uri: 'file:///w/model.py', text: SELECTION_TEXT, selections: [SELECTION] }, l10n: { language: 'de', bundle } }, async ({ vscode, fake }) => {
        await vscode.commands.executeCommand('bceLens.computeSelection');
        /* global DOMParser */
        const doc = new DOMParser().parseFromString(fake.log.panel.webview.html, 'text/html');
        return {
          lang: doc.documentElement.lang,
          bundle: doc.getElementById('app') && doc.getElementById('app').getAttribute('data-l10n'),
          loading: doc.querySelector('.placeholder') && doc.querySelector('.placeholder').textContent,
          title: fake.log.panel.title,
        };
      });
      assert(r.lang === 'de', `<html lang="${r.lang}">`);
      assert(r.bundle && JSON.stringify(JSON.parse(r.bundle)) === JSON.stringify(bundle), `the page's data-l10n: ${r.bundle}`);
      assert(r.loading === 'BCE Lens lädt…', `placeholder ${r.loading}`);
      assert(/^BKE 0\.865/.test(r.title), `panel title ${r.title}`);
    });

    await test('computeSelection with bceLens.semantics = torch matches BCEWithLogitsLoss', async () => {
      const r = await inPage({ editor: { uri: 'file:///w/model.py', text: SELECTION_TEXT, selections: [SELECTION] }, settings: { 'bceLens.semantics': 'torch' } }, async ({ vscode }) =>
        vscode.commands.executeCommand('bceLens.computeSelection'),
      );
      close(r.loss, expectedTorch, 1e-12, 'torch loss');
      assert(r.semantics === 'torch', `semantics ${r.semantics}`);
    });

    await test('computeFile (vscode-vfs, as in github.dev): predictions.csv through workspace.fs', async () => {
      const uri = 'vscode-vfs://github/bce-lens/demo/data/predictions.csv';
      const r = await inPage({ files: { [uri]: 'predictions.csv' } }, async ({ vscode, api, fake }) => {
        const result = await vscode.commands.executeCommand('bceLens.computeFile', vscode.Uri.parse('vscode-vfs://github/bce-lens/demo/data/predictions.csv'));
        return { result, last: api.lastResult(), errors: fake.log.errors, reads: fake.log.reads, progress: fake.log.progress };
      });
      assert(r.errors.length === 0, `error messages: ${r.errors}`);
      assert(r.result, 'no result');
      close(r.result.loss, expectedCsv, 1e-12, 'CSV loss');
      assert(r.result.n === predictions.length, `n ${r.result.n}, expected ${predictions.length}`);
      assert(r.result.file && r.result.file.format === 'csv' && r.result.file.rows === predictions.length, `file facts ${JSON.stringify(r.result.file)}`);
      assert(r.reads.includes(uri), `not read through workspace.fs: ${r.reads}`);
      assert(r.progress.some((t) => t.includes('predictions.csv')), `progress titles ${r.progress}`);
      close(r.last.loss, r.result.loss, 0, 'lastResult().loss');
    });

    await test('computeFile: the panel’s Diagnosis of a data file has its findings (none for predictions.csv) and the broadcast-trap note', async () => {
      // The page function is sent as text: it names its URI itself (no closure crosses).
      const r = await inPage({ files: { 'vscode-vfs://github/bce-lens/demo/data/predictions.csv': 'predictions.csv' } }, async ({ vscode, fake }) => {
        await vscode.commands.executeCommand('bceLens.computeFile', vscode.Uri.parse('vscode-vfs://github/bce-lens/demo/data/predictions.csv'));
        fake.log.panel.webview._send({ type: 'ready' });
        let view;
        for (let i = 0; i < 400 && !view; i++) {
          await new Promise((res) => setTimeout(res, 25));
          view = fake.log.posted.find((m) => m.type === 'view');
        }
        const d = view && view.view.diagnosis;
        return { errors: fake.log.errors, findings: d && d.findings, note: d && d.findingsNote, metrics: d && d.metrics && d.metrics.length };
      });
      assert(r.errors.length === 0, `error messages: ${r.errors}`);
      assert(Array.isArray(r.findings) && r.findings.length === 0, `findings ${JSON.stringify(r.findings)}`);
      assert(/broadcast trap is looked for in selections only/.test(r.note || ''), `findings note ${r.note}`);
      assert(r.metrics === 1, `metrics ${r.metrics}`);
    });

    await test('computeFile on a file: Uri also goes through workspace.fs (no Node streaming on the web)', async () => {
      const r = await inPage({ files: { 'file:///w/training-log.csv': 'training-log.csv' } }, async ({ vscode, fake }) => ({
        result: await vscode.commands.executeCommand('bceLens.computeFile', 'file:///w/training-log.csv'),
        reads: fake.log.reads,
        errors: fake.log.errors,
      }));
      assert(r.errors.length === 0, `error messages: ${r.errors}`);
      close(r.result.loss, expectedLog, 1e-12, 'training-log loss');
      assert(r.reads.includes('file:///w/training-log.csv'), `reads ${r.reads}`);
      const epochs = r.result.file.epochs || [];
      const epochCount = new Set(trainingLog.map((row) => row.epoch)).size;
      assert(epochs.length >= epochCount, `${epochs.length} epoch points for ${epochCount} epochs`);
      const e1 = trainingLog.filter((row) => row.epoch === '1' && row.split === 'train');
      const point = epochs.find((p) => p.epoch === '1' && p.split === 'train');
      assert(point, `no point for epoch 1 train: ${JSON.stringify(epochs.slice(0, 3))}`);
      close(point.loss, kerasProbLoss(e1), 1e-12, 'epoch 1 train loss');
    });

    await test('computeFile: a missing file is an error message, not an exception', async () => {
      const r = await inPage({ files: {} }, async ({ vscode, api, fake }) => ({
        result: (await vscode.commands.executeCommand('bceLens.computeFile', 'vscode-vfs://github/x/y/missing.csv')) ?? null,
        errors: fake.log.errors,
        last: api.lastError(),
      }));
      assert(r.result === null, 'a result for a missing file');
      assert(r.errors.length === 1 && /^BCE Lens: .*missing\.csv does not exist/.test(r.errors[0]), `errors ${r.errors}`);
      assert(r.last && r.last.message === r.errors[0], 'lastError() differs from the message');
    });

    await test('computeInDatabase: in the web it says it needs the desktop (the bundle carries no engine)', async () => {
      const r = await inPage({ editor: { uri: 'file:///w/q.sql', text: 'SELECT y_true, y_pred FROM t\n', selections: [[0, 0, 0, 0]] } }, async ({ vscode, api, fake }) => ({
        result: (await vscode.commands.executeCommand('bceLens.computeInDatabase')) ?? null,
        errors: fake.log.errors,
        last: api.lastError(),
      }));
      assert(r.result === null, 'a result in the web');
      assert(r.errors.length === 1 && /needs the desktop VS Code/.test(r.errors[0]), `errors ${r.errors}`);
      assert(r.last && r.last.message === r.errors[0], 'lastError() differs from the message');
    });

    await test('computeSelection: an unreadable selection names its place', async () => {
      const r = await inPage({ editor: { uri: 'file:///w/bad.py', text: 'y_true = [0, 1, 0]\ny_pred = [0.1, oops, 0.3]\n', selections: [[0, 0, 1, 25]] } }, async ({ vscode, api, fake }) => ({
        result: (await vscode.commands.executeCommand('bceLens.computeSelection')) ?? null,
        errors: fake.log.errors,
        last: api.lastError(),
      }));
      assert(r.result === null, 'a result for bad data');
      assert(r.errors.length === 1 && /^BCE Lens: w\/bad\.py:2:/.test(r.errors[0]), `errors ${r.errors}`);
      assert(r.last && r.last.place && r.last.place.line === 2, `lastError ${JSON.stringify(r.last)}`);
    });

    await test('openSample (walkthrough): a shipped CSV is opened and computed', async () => {
      const ext = 'https://extensions.example/bce-lens/bce-lens/0.1.0/extension/dist/samples/';
      const r = await inPage({ files: { [`${ext}predictions.csv`]: 'predictions.csv' } }, async ({ vscode, fake }) => ({
        result: await vscode.commands.executeCommand('bceLens.openSample', 'predictions.csv'),
        shown: fake.log.shown,
        written: fake.log.written,
        errors: fake.log.errors,
      }));
      assert(r.errors.length === 0, `error messages: ${r.errors}`);
      close(r.result.loss, expectedCsv, 1e-12, 'sample CSV loss');
      const copy = 'https://storage.example/global/bce-lens.bce-lens/samples/predictions.csv';
      assert(r.written.length === 1 && r.written[0] === copy, `the sample is copied into the global storage: ${JSON.stringify(r.written)}`);
      assert(r.shown && r.shown.uri === copy, `the user's copy is shown, not the extension's file: ${JSON.stringify(r.shown)}`);
    });

    await test('openSample (walkthrough): arrays.py opens with the Keras example selected', async () => {
      const ext = 'https://extensions.example/bce-lens/bce-lens/0.1.0/extension/dist/samples/';
      const r = await inPage({ files: { [`${ext}arrays.py`]: 'arrays.py' } }, async ({ vscode, fake }) => {
        await vscode.commands.executeCommand('bceLens.openSample', 'arrays.py');
        const editor = vscode.window.activeTextEditor;
        return {
          uri: editor.document.uri.toString(),
          selected: editor.document.getText(editor.selection),
          result: await vscode.commands.executeCommand('bceLens.computeSelection'),
          errors: fake.log.errors,
        };
      });
      assert(r.errors.length === 0, `error messages: ${r.errors}`);
      assert(r.uri === 'https://storage.example/global/bce-lens.bce-lens/samples/arrays.py', `the sample opened as ${r.uri}, not the user's copy in the global storage`);
      assert(/^y_true = \[0, 1, 0, 0\]\nlogits = /.test(r.selected), `selected ${JSON.stringify(r.selected)}`);
      close(r.result.loss, KERAS_LOGITS_LOSS, 5e-7, 'loss of the selected sample');
    });

    // The panel's page itself, at the widths a person gives it.
    fs.mkdirSync(path.join(root, 'test-results', 'screenshots'), { recursive: true });
    await require('./panelLayout')({ browser, test, assert, root });
    // The panel's words in a pseudo-locale: none is left hard-coded.
    await require('./pseudoLocale')({ browser, test, assert, root });
  } finally {
    await browser.close();
  }

  const failed = results.filter((r) => r.error).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log(`${results.filter((r) => !r.error).length} passed, ${results.filter((r) => r.error).length + 1} failed`);
  process.exit(1);
});

#!/usr/bin/env node
// UI test: drives VS Code 1.100.3 (code-server + headless Chromium) like a person.
//
//   node test/ui/run.js
//
// 1. packages the extension (vsce package --no-dependencies -> .vscode-test/bce-lens.vsix;
//    vsce runs the vscode:prepublish script first: the production build),
// 2. installs the .vsix into a fresh extensions folder (code-server --install-extension),
// 3. opens test/fixtures/workspace and runs the named STEPS below in order.
// The steps: select arrays in selection.py -> palette -> the panel (#loss-value, two iframes deep)
// and the status bar show the loss, the chart has painted pixels, panel controls change the number;
// a CSV through "Compute Loss of File…"; a bad selection -> error notification naming the place.
// README pictures (panel-selection, panel-file, error-selection .png) go to docs/screenshots/
// with UI_DOCS_SCREENSHOTS=1, else to test-results/screenshots/.
// Each step counts as passed or failed; after a failure the remaining steps are
// skipped (they depend on each other). Screenshots: test-results/screenshots/
// (failures as failed-<step>.png); logs: test-results/ui-logs/.
// Ends with "N passed, N failed"; exit code 0 only when every step passed.
//
// Env: UI_TIMEOUT_MS (whole run, default 150000), UI_STEP_TIMEOUT_MS (per step, default 30000),
//      UI_SKIP_PACKAGE=1 (reuse .vscode-test/bce-lens.vsix), VSCODE_SHIM_VERBOSE=1.
'use strict';

const fs = require('fs');
const path = require('path');
const cs = require('../../scripts/vscode-code-server');

const ROOT = cs.ROOT;
const WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const VSIX = path.join(ROOT, '.vscode-test', 'bce-lens.vsix');
const EXTENSION_ID = 'bce-lens.bce-lens';
const UI_ROOT = path.join(ROOT, '.vscode-test', 'ui');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const DOC_SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const UPDATE_DOC_SCREENSHOTS = process.env.UI_DOCS_SCREENSHOTS === '1';
const LOGS = path.join(ROOT, 'test-results', 'ui-logs');
// Waits are limits for a hung run, not measures of speed: generous, so a loaded CI machine is no failure.
const RUN_TIMEOUT_MS = Number(process.env.UI_TIMEOUT_MS || 900000);
const STEP_TIMEOUT_MS = Number(process.env.UI_STEP_TIMEOUT_MS || 120000);
const WAIT_FACTOR = Number(process.env.UI_WAIT_FACTOR || 4);
/** A UI wait of `ms` on an idle machine, stretched for a loaded one. */
const wait = (ms) => ms * WAIT_FACTOR;
const VERBOSE = !!process.env.VSCODE_SHIM_VERBOSE && process.env.VSCODE_SHIM_VERBOSE !== '0';
const START = Date.now();

// Expected losses, from the fixtures' arrays by small independent formulas (Keras 3 / PyTorch).
const KERAS_EPS = 1e-7;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const smooth = (t, s) => t * (1 - s) + 0.5 * s;
const ref = {
  /** Keras 3 on probabilities: clip to [1e-7, 1 - 1e-7]. */
  keras: (y, p, s = 0) => mean(y.map((t, i) => {
    const q = Math.min(Math.max(p[i], KERAS_EPS), 1 - KERAS_EPS);
    return -(smooth(t, s) * Math.log(q) + (1 - smooth(t, s)) * Math.log(1 - q));
  })),
  /** Keras / PyTorch with logits (stable form). */
  logits: (y, x, s = 0) => mean(y.map((t, i) => Math.max(x[i], 0) - x[i] * smooth(t, s) + Math.log1p(Math.exp(-Math.abs(x[i]))))),
  /** PyTorch BCELoss: logs clamped at -100. */
  torch: (y, p) => mean(y.map((t, i) => -(t * Math.max(Math.log(p[i]), -100) + (1 - t) * Math.max(Math.log(1 - p[i]), -100)))),
};
function readCsv(name) {
  const [header, ...rows] = fs.readFileSync(path.join(WORKSPACE, name), 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  const cols = Object.fromEntries(names.map((n) => [n, []]));
  for (const row of rows) row.split(',').forEach((c, i) => cols[names[i]].push(Number.isNaN(Number(c)) ? c : Number(c)));
  return cols;
}
/** selection.py's first two arrays: y_true and logits (parsed here from the fixture's text). */
function readLogitsExample() {
  const lines = fs.readFileSync(path.join(WORKSPACE, 'selection.py'), 'utf8').split(/\r?\n/);
  const i = lines.findIndex((l) => l.startsWith('y_true = '));
  return {
    line: i + 1, // 1-based
    selectedChars: lines[i].length + 1 + lines[i + 1].length,
    y: JSON.parse(lines[i].slice('y_true = '.length)),
    x: JSON.parse(lines[i + 1].slice(lines[i + 1].indexOf('='))
      .replace(/^=\s*/, '')),
  };
}
/** The panel shows 7 significant digits (trailing zeros trimmed). */
const shown = (x) => String(Number(x.toPrecision(7)));
/** A loss as a regexp matching the panel's / status bar's text. */
const lossRe = (x) => new RegExp(`(^|[^0-9.])${shown(x).replace('.', '\\.')}($|[^0-9])`);

// ---------------------------------------------------------------------------
// Helpers for steps
// ---------------------------------------------------------------------------
const sel = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .monaco-list-row',
  activeTab: '.tabs-container .tab.active',
  activeEditorText: '.editor-group-container.active .monaco-editor .view-lines',
  toast: '.notifications-toasts .notification-toast',
  statusBar: '.statusbar',
};

function log(msg) { console.log(`[ui] ${msg}`); }

async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return path.relative(ROOT, file);
}

/** A README picture: docs/screenshots/<name>.png with UI_DOCS_SCREENSHOTS=1, else test-results/screenshots/. */
async function docShot(page, name) {
  if (!UPDATE_DOC_SCREENSHOTS) return screenshot(page, name);
  fs.mkdirSync(DOC_SCREENSHOTS, { recursive: true });
  const file = path.join(DOC_SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return path.relative(ROOT, file);
}

/** Types into the quick input (F1 = command palette with '>', Ctrl+P = files) and accepts the row. */
async function pickFromQuickInput(page, { key, text, rowText, attempts = 3 }) {
  const input = page.locator(sel.quickInput);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await page.keyboard.press(key);
    await input.waitFor({ state: 'visible', timeout: wait(5000) });
    await input.fill(text);
    const row = page.locator(sel.quickInputRow, { hasText: rowText }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: wait(4000) });
    } catch {
      await page.keyboard.press('Escape'); // rows not there yet (commands still registering): retry
      continue;
    }
    const focused = page.locator(`${sel.quickInputRow}.focused`, { hasText: rowText });
    if (await focused.count()) await page.keyboard.press('Enter');
    else await row.click();
    // Done when the quick input closes, or when it shows another pick (a command that asks
    // something, e.g. "Compute Loss of File…" offering the active file): its text is no longer ours.
    await page.waitForFunction(({ selector, typed }) => {
      const el = document.querySelector(selector);
      return !el || !el.offsetParent || el.value !== typed;
    }, { selector: sel.quickInput, typed: text }, { timeout: wait(5000) });
    return;
  }
  throw new Error(`no "${rowText}" in the quick input after ${attempts} attempts (typed ${JSON.stringify(text)})`);
}

const runCommand = (page, title) => pickFromQuickInput(page, { key: 'F1', text: `>${title}`, rowText: title });
const quickOpen = (page, fileName) => pickFromQuickInput(page, { key: 'Control+P', text: fileName, rowText: fileName });

/** Waits for a notification toast whose text matches `re`; returns its text. */
async function waitForToast(page, re, timeout = wait(15000)) {
  const toast = page.locator(sel.toast, { hasText: re }).first();
  try {
    await toast.waitFor({ state: 'visible', timeout });
  } catch {
    const shown = await page.locator(sel.toast).allInnerTexts().catch(() => []);
    throw new Error(`no notification matching ${re} within ${timeout / 1000} s; notifications: ${JSON.stringify(shown)}`);
  }
  // let the slide-in animation finish so screenshots show the whole toast
  await page.locator(`${sel.toast}.notification-fade-in-done`, { hasText: re }).first()
    .waitFor({ state: 'visible', timeout: wait(3000) }).catch(() => {});
  return (await toast.innerText()).replace(/\s+/g, ' ').trim();
}

/** The HTML of the active webview (two iframes deep), for the panel steps to come. */
const webviewFrame = (page) => page.frameLocator('iframe.webview').frameLocator('#active-frame');

// ---------------------------------------------------------------------------
// Steps: { name, run(ctx) }, run in order. Add new ones here. ctx: page (the workbench),
// workspace (folder path), and the helpers runCommand(title), quickOpen(file),
// waitForToast(re), screenshot(name), webview() (frame locator of the active webview).
// ---------------------------------------------------------------------------
const LOGITS = readLogitsExample();
const PRED = readCsv('predictions.csv');
const LOG = readCsv('training-log.csv');
const EXPECT = {
  logits: ref.logits(LOGITS.y, LOGITS.x), // 0.8654579…
  logitsSmoothed: ref.logits(LOGITS.y, LOGITS.x, 0.2),
  file: ref.keras(PRED.y_true, PRED.y_pred),
  fileTorch: ref.torch(PRED.y_true, PRED.y_pred),
  log: ref.keras(LOG.y_true, LOG.y_pred),
};

/** Waits until the panel's #loss-value shows `x` (7 significant digits); returns the text. */
async function waitForPanelLoss(page, x, what, timeout = wait(15000)) {
  const value = webviewFrame(page).locator('#loss-value');
  const re = lossRe(x);
  try {
    await value.filter({ hasText: re }).waitFor({ state: 'visible', timeout });
  } catch {
    const text = await value.innerText({ timeout: wait(1000) }).catch(() => '(no #loss-value in the panel)');
    const toasts = await page.locator(sel.toast).allInnerTexts().catch(() => []);
    throw new Error(`${what}: the panel's #loss-value shows ${JSON.stringify(text)}, want ${shown(x)}` +
      (toasts.length ? `; notifications: ${JSON.stringify(toasts.map((t) => t.replace(/\s+/g, ' ').trim()))}` : ''));
  }
  return value.innerText();
}

/** The status bar item of the extension shows `x`. */
async function waitForStatusLoss(page, x, timeout = wait(10000)) {
  // matched on the number only (the item's wording may be localised)
  const item = page.locator(`${sel.statusBar} .statusbar-item`, { hasText: lossRe(x) }).first();
  try {
    await item.waitFor({ state: 'visible', timeout });
  } catch {
    const items = await page.locator(`${sel.statusBar} .statusbar-item`).allInnerTexts().catch(() => []);
    throw new Error(`no status bar item showing ${shown(x)}; items: ${JSON.stringify(items.map((t) => t.trim()).filter(Boolean))}`);
  }
  return (await item.innerText()).trim();
}

/** Width, height and number of painted (non-transparent) pixels of the chart canvas in `slot`. */
async function canvasInk(page, slot) {
  const canvas = webviewFrame(page).locator(`${slot} canvas`).first();
  await canvas.waitFor({ state: 'attached', timeout: wait(10000) });
  return canvas.evaluate((c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
    return { width: c.width, height: c.height, painted, dataUrl: c.toDataURL().length };
  });
}

async function assertChartDrawn(page, slot) {
  // uPlot draws on the next animation frame: poll briefly
  let ink;
  for (let i = 0; i < 20; i++) {
    ink = await canvasInk(page, slot);
    if (ink.width > 0 && ink.height > 0 && ink.painted > 200) return ink;
    await page.waitForTimeout(250);
  }
  throw new Error(`${slot} canvas is blank or empty: ${JSON.stringify(ink)}`);
}

/** Focuses the editor group on the left (the panel opens beside it) and opens `file` there. */
async function openInFirstGroup(page, file, text) {
  await page.keyboard.press('Control+1');
  await quickOpen(page, file);
  await page.locator(sel.activeTab, { hasText: file }).first().waitFor({ timeout: wait(10000) });
  await page.locator(sel.activeEditorText, { hasText: text }).waitFor({ timeout: wait(10000) });
}

/** Waits for the status bar's "(N selected)". */
async function waitForSelected(page, n) {
  const re = n === undefined ? /\(\d+ selected\)/ : new RegExp(`\\(${n} selected\\)`);
  try {
    await page.locator(sel.statusBar, { hasText: re }).waitFor({ timeout: wait(5000) });
  } catch {
    const text = await page.locator(sel.statusBar).innerText().catch(() => '');
    throw new Error(`the status bar does not show ${re}: ${JSON.stringify(text.replace(/\s+/g, ' '))}`);
  }
}

/** The panel's own document (the frame holding #app), for reading focus and layout in it. */
async function panelFrame(page) {
  for (let i = 0; i < 40; i++) {
    for (const f of page.frames()) {
      if (await f.$('#app[data-ready="true"]').catch(() => null)) return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('no frame of the page holds the BCE Lens panel (#app)');
}

/** What a person sees of the panel's layout: its width, sideways scroll, where the number and the chart end. */
function panelLayout(frame) {
  return frame.evaluate(() => {
    window.scrollTo(0, 0);
    const doc = document.documentElement;
    const inside = [...document.querySelectorAll('.table-scroll, .card, .top')]
      .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.id || el.className);
    const canvas = document.querySelector('#loss-curve canvas');
    return {
      width: window.innerWidth,
      height: window.innerHeight,
      sideways: doc.scrollWidth > doc.clientWidth ? [`page ${doc.scrollWidth} > ${doc.clientWidth}`, ...inside] : inside,
      lossBottom: Math.round(document.getElementById('loss-value').getBoundingClientRect().bottom),
      chartBottom: canvas ? Math.round(canvas.getBoundingClientRect().bottom) : undefined,
    };
  });
}

/** The focused element of the panel, named by its id, its test id or its tag and text. */
function focusedInPanel(frame) {
  return frame.evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body) return '';
    return a.id || a.getAttribute('data-testid') || `${a.tagName.toLowerCase()}${a.className ? `.${String(a.className).split(' ')[0]}` : ''}:${(a.textContent || '').trim().slice(0, 24)}`;
  });
}

const STEPS = [
  {
    name: 'workbench shows the fixtures workspace in the explorer',
    async run({ page }) {
      await page.locator(sel.workbench).waitFor({ timeout: wait(60000) });
      await page.locator(sel.explorerRow, { hasText: 'selection.py' }).first().waitFor({ timeout: wait(30000) });
    },
  },
  {
    name: 'Quick Open (Ctrl+P) opens selection.py (side bar hidden: room for code and panel)',
    async run({ page, runCommand }) {
      await runCommand('View: Toggle Primary Side Bar Visibility');
      await page.locator('.part.sidebar').first().waitFor({ state: 'hidden', timeout: wait(5000) });
      await openInFirstGroup(page, 'selection.py', 'logits');
    },
  },
  {
    name: `select the lines y_true = [...] and logits = [...] (line ${LOGITS.line}-${LOGITS.line + 1})`,
    async run({ page }) {
      await page.locator(sel.activeEditorText).click();
      await page.keyboard.press('Control+Home');
      for (let i = 1; i < LOGITS.line; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Home');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+End');
      await waitForSelected(page, LOGITS.selectedChars);
    },
  },
  {
    name: 'command palette runs "BCE Lens: Compute Loss of Selection"',
    async run({ runCommand }) {
      await runCommand('BCE Lens: Compute Loss of Selection');
    },
  },
  {
    name: `the panel and the status bar show the Keras from_logits loss ${shown(EXPECT.logits)}`,
    async run({ page, docShot }) {
      if (!/^0\.865457/.test(shown(EXPECT.logits))) throw new Error(`reference formula broken: ${EXPECT.logits}`);
      log(`  panel: ${await waitForPanelLoss(page, EXPECT.logits, 'logits selection')}`);
      log(`  status bar: ${await waitForStatusLoss(page, EXPECT.logits)}`);
      // the code stays selected on the left, the panel beside it
      await page.locator(sel.activeTab, { hasText: 'selection.py' }).first().waitFor({ timeout: wait(5000) });
      await webviewFrame(page).locator('#loss-curve canvas').first().waitFor({ timeout: wait(10000) });
      await page.waitForTimeout(300);
      log(`  screenshot: ${await docShot('panel-selection')}`);
    },
  },
  {
    name: 'the loss curve chart is drawn (canvas with painted pixels)',
    async run({ page }) {
      const ink = await assertChartDrawn(page, '#loss-curve');
      log(`  #loss-curve canvas ${ink.width}×${ink.height}, ${ink.painted} painted pixels, PNG data URL ${ink.dataUrl} chars`);
    },
  },
  {
    name: `typing label smoothing 0.2 in the panel changes the loss to ${shown(EXPECT.logitsSmoothed)}`,
    async run({ page }) {
      const input = webviewFrame(page).locator('#label-smoothing');
      await input.click();
      await input.press('Control+A');
      await input.pressSequentially('0.2');
      await input.press('Enter');
      await input.press('Tab'); // the change event, if Enter did not commit it
      log(`  panel: ${await waitForPanelLoss(page, EXPECT.logitsSmoothed, 'label smoothing 0.2')}`);
      await waitForStatusLoss(page, EXPECT.logitsSmoothed);
    },
  },
  {
    name: 'Quick Open opens predictions.csv; palette "BCE Lens: Compute Loss of File…" takes the active file',
    async run({ page, runCommand }) {
      await openInFirstGroup(page, 'predictions.csv', 'y_true');
      await runCommand('BCE Lens: Compute Loss of File…');
      // a quick pick offers the active editor's file first
      const row = page.locator(sel.quickInputRow, { hasText: 'predictions.csv' }).first();
      await row.waitFor({ state: 'visible', timeout: wait(10000) });
      await page.keyboard.press('Enter');
      log(`  panel: ${await waitForPanelLoss(page, EXPECT.file, 'predictions.csv')}`);
      await waitForStatusLoss(page, EXPECT.file);
      await assertChartDrawn(page, '#loss-curve');
    },
  },
  {
    name: `choosing PyTorch in the panel's semantics list changes the loss to ${shown(EXPECT.fileTorch)}`,
    async run({ page }) {
      const select = webviewFrame(page).locator('#semantics');
      const label = await select.locator('option[value="torch"]').innerText();
      await select.selectOption('torch');
      log(`  #semantics -> ${JSON.stringify(label.trim())}`);
      log(`  panel: ${await waitForPanelLoss(page, EXPECT.fileTorch, 'semantics torch')}`);
      await waitForStatusLoss(page, EXPECT.fileTorch);
    },
  },
  {
    name: 'the file\'s metrics, reliability diagram and threshold slider (keyboard) show in the panel',
    async run({ page }) {
      const frame = webviewFrame(page);
      // scikit-learn 1.2.1: roc_auc_score on predictions.csv = 0.638888888888889.
      const auc = frame.locator('#metrics tbody tr', { hasText: 'ROC AUC' }).locator('td').first();
      await auc.waitFor({ state: 'visible', timeout: wait(10000) });
      const aucText = (await auc.innerText()).trim();
      if (aucText !== '0.6389') throw new Error(`ROC AUC shows ${JSON.stringify(aucText)}, want "0.6389"`);
      const ink = await assertChartDrawn(page, '#reliability-chart');
      log(`  #reliability-chart canvas ${ink.width}×${ink.height}, ${ink.painted} painted pixels`);
      const slider = frame.locator('#threshold-slider');
      await slider.focus();
      for (let i = 0; i < 5; i++) await slider.press('ArrowRight');
      const value = (await frame.locator('#threshold-value').innerText()).trim();
      // predictions.csv at ŷ ≥ 0.55: 4 true positives, 1 false positive.
      const tp = (await frame.locator('#threshold-table [data-cell="tp"]').innerText()).trim();
      const fp = (await frame.locator('#threshold-table [data-cell="fp"]').innerText()).trim();
      if (value !== '0.55' || tp !== '4' || fp !== '1') throw new Error(`threshold ${value}: TP ${tp}, FP ${fp}; want 0.55: TP 4, FP 1`);
      log(`  threshold slider -> ${value}: TP ${tp}, FP ${fp}`);
    },
  },
  {
    name: `a training log (epoch, split) shows its loss ${shown(EXPECT.log)} and the loss per epoch`,
    async run({ page, runCommand, docShot }) {
      await openInFirstGroup(page, 'training-log.csv', 'epoch');
      await runCommand('BCE Lens: Compute Loss of File…');
      await page.locator(sel.quickInputRow, { hasText: 'training-log.csv' }).first().waitFor({ state: 'visible', timeout: wait(10000) });
      await page.keyboard.press('Enter');
      log(`  panel: ${await waitForPanelLoss(page, EXPECT.log, 'training-log.csv')}`);
      const ink = await assertChartDrawn(page, '#epochs-chart');
      log(`  #epochs-chart canvas ${ink.width}×${ink.height}, ${ink.painted} painted pixels`);
      // README picture: the loss at the top, the epoch curve in view
      await webviewFrame(page).locator('#epochs-section').evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await page.waitForTimeout(300);
      log(`  screenshot: ${await docShot('panel-file')}`);
    },
  },
  {
    name: 'at half width the number and the chart are in view, at 420 px nothing scrolls sideways (README pictures)',
    async run({ page, docShot }) {
      let frame = await panelFrame(page);
      const half = await panelLayout(frame);
      log(`  half width: ${JSON.stringify(half)}`);
      if (half.sideways.length) throw new Error(`at ${half.width} px the panel scrolls sideways: ${half.sideways.join('; ')}`);
      if (!(half.lossBottom <= half.height && half.chartBottom !== undefined && half.chartBottom <= half.height)) {
        throw new Error(`at ${half.width} × ${half.height} px the number or the chart is below the fold: ${JSON.stringify(half)}`);
      }
      log(`  screenshot: ${await docShot('panel-half-width')}`);
      // The window narrowed until the panel (half of the editor area, beside the activity bar) is 420 px wide.
      await page.setViewportSize({ width: 888, height: 800 });
      try {
        await page.waitForTimeout(800);
        frame = await panelFrame(page);
        const narrow = await panelLayout(frame);
        log(`  narrow: ${JSON.stringify(narrow)}`);
        if (narrow.width > 440 || narrow.width < 380) throw new Error(`the panel is ${narrow.width} px wide, not about 420`);
        if (narrow.sideways.length) throw new Error(`at ${narrow.width} px the panel scrolls sideways: ${narrow.sideways.join('; ')}`);
        log(`  screenshot: ${await docShot('panel-420')}`);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.waitForTimeout(500);
      }
    },
  },
  {
    name: 'keyboard only: Tab reaches every control of the panel; a select, a menu and a sample row work from the keyboard',
    async run({ page }) {
      const frame = await panelFrame(page);
      // Into the panel once (a person clicks it, or moves focus there with the editor-group keys).
      await frame.locator('#source-title').click();
      const seen = [];
      for (let i = 0; i < 120; i++) {
        await page.keyboard.press('Tab');
        const at = await focusedInPanel(frame);
        if (!at && seen.length) break; // past the last control: focus left the panel
        if (at && seen[seen.length - 1] !== at) seen.push(at);
      }
      log(`  Tab order: ${seen.join(' → ')}`);
      const wanted = ['choose-columns', 'copy-menu-button', 'export-menu-button', 'semantics', 'from-logits', 'label-smoothing', 'reduction', 'dtype'];
      const missing = wanted.filter((id) => !seen.includes(id));
      if (missing.length) throw new Error(`Tab never reaches ${missing.join(', ')}`);
      for (const part of ['button.legend-item', 'button.link:use', 'summary']) {
        if (!seen.some((s) => s.startsWith(part))) throw new Error(`Tab never reaches a ${part}`);
      }
      if (!seen.some((s) => s.startsWith('tr'))) throw new Error('Tab never reaches a row of the sample table');

      // A select: the arrow key changes it, the panel recomputes.
      const description = await frame.locator('#loss-description').innerText();
      await frame.locator('#semantics').focus();
      await page.keyboard.press('ArrowDown');
      await frame.locator('#loss-description').filter({ hasNotText: description }).waitFor({ timeout: wait(15000) });
      log(`  ArrowDown on Semantics: ${await frame.locator('#semantics').inputValue()} · ${await frame.locator('#loss-description').innerText()}`);
      await page.keyboard.press('ArrowUp');
      await frame.locator('#loss-description').filter({ hasText: description }).waitFor({ timeout: wait(15000) });

      // A menu: Enter opens it on its first item, Escape closes it and gives focus back to its button.
      await frame.locator('#copy-menu-button').focus();
      await page.keyboard.press('Enter');
      await frame.locator('#copy-menu-button[aria-expanded="true"]').waitFor({ timeout: wait(3000) });
      const first = await focusedInPanel(frame);
      await page.keyboard.press('ArrowDown');
      const second = await focusedInPanel(frame);
      await page.keyboard.press('Escape');
      await frame.locator('#copy-menu-button[aria-expanded="false"]').waitFor({ timeout: wait(3000) });
      const back = await focusedInPanel(frame);
      log(`  Copy menu: Enter → ${first}, ArrowDown → ${second}, Escape → ${back}`);
      if (back !== 'copy-menu-button' || first === second) throw new Error(`the Copy menu does not work from the keyboard: ${first}, ${second}, ${back}`);

      // A sample row: Enter shows its line in the editor and keeps the keyboard in the panel.
      const row = frame.locator('#samples tbody tr[tabindex="0"]').first();
      await row.focus();
      await page.keyboard.press('Enter');
      await page.locator(sel.activeTab, { hasText: 'training-log.csv' }).first().waitFor({ timeout: wait(10000) }).catch(() => undefined);
      await page.waitForTimeout(500);
      const still = await focusedInPanel(frame);
      log(`  Enter on a sample row: focus on ${still}`);
      if (!still.startsWith('tr')) throw new Error(`after Enter on a sample row the focus left the panel row (${JSON.stringify(still)})`);
    },
  },
  {
    name: 'a bad selection (label 2) shows an error notification naming bad_selection.py:2:17',
    async run({ page, runCommand, waitForToast, docShot }) {
      const lines = fs.readFileSync(path.join(WORKSPACE, 'bad_selection.py'), 'utf8').split(/\r?\n/);
      const i = lines.findIndex((l) => l.startsWith('y_true = '));
      const place = `bad_selection.py:${i + 1}:${lines[i].indexOf('2', lines[i].indexOf('[')) + 1}`;
      await openInFirstGroup(page, 'bad_selection.py', 'y_pred');
      await page.locator(sel.activeEditorText).click();
      await page.keyboard.press('Control+A');
      await waitForSelected(page);
      await runCommand('BCE Lens: Compute Loss of Selection');
      const text = await waitForToast(new RegExp(place.replace(/\./g, '\\.')));
      log(`  notification: ${text}`);
      if (!/\b2\b/.test(text.replace(place, ''))) throw new Error(`the notification does not name the value 2: ${text}`);
      log(`  screenshot: ${await docShot('error-selection')}`);
    },
  },
];

// ---------------------------------------------------------------------------
// Setup: package, install, start code-server, open the workbench
// ---------------------------------------------------------------------------
function packageAndInstall(userDataDir, extensionsDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (pkg.main && !fs.existsSync(path.resolve(ROOT, pkg.main))) {
    throw new Error(`${pkg.main} is missing: build the extension first (node esbuild.js)`);
  }
  if (!(process.env.UI_SKIP_PACKAGE === '1' && fs.existsSync(VSIX))) {
    const t = Date.now();
    cs.packageVsix(VSIX, wait(120000));
    log(`packaged ${path.relative(ROOT, VSIX)} (${(fs.statSync(VSIX).size / 1024).toFixed(0)} KiB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const out = cs.installVsix(VSIX, { userDataDir, extensionsDir });
  const installed = fs.readdirSync(extensionsDir).filter((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (!installed.length) throw new Error(`${EXTENSION_ID} is not in ${extensionsDir} after --install-extension:\n${out}`);
  log(`installed ${installed[0]}`);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  try { cs.checkInstalled(); } catch (e) {
    console.error(`[ui] ERROR: ${e.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const userDataDir = path.join(UI_ROOT, 'user-data');
  const extensionsDir = path.join(UI_ROOT, 'extensions');
  fs.rmSync(UI_ROOT, { recursive: true, force: true });
  fs.rmSync(LOGS, { recursive: true, force: true });
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(LOGS, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  cs.seedSettings(userDataDir);
  const serverLog = fs.createWriteStream(path.join(LOGS, 'code-server.log'));
  const consoleLog = fs.createWriteStream(path.join(LOGS, 'browser-console.log'));

  const results = []; // { name, status: 'passed'|'failed'|'skipped', ms, error }
  let server;
  let browser;
  let page;
  let aborted = false;

  const watchdog = setTimeout(async () => {
    aborted = true;
    console.error(`[ui] TIMEOUT: the whole run took more than ${RUN_TIMEOUT_MS / 1000} s (UI_TIMEOUT_MS)`);
    if (page) await screenshot(page, 'failed-timeout').catch(() => {});
    await shutdown();
    console.log(`${results.filter((r) => r.status === 'passed').length} passed, ${results.filter((r) => r.status !== 'passed').length + 1} failed`);
    process.exit(1);
  }, RUN_TIMEOUT_MS);

  let shuttingDown;
  function shutdown() {
    shuttingDown ??= (async () => {
      if (browser) await browser.close().catch(() => {});
      if (server) await server.stop().catch(() => {});
      await Promise.all([new Promise((r) => serverLog.end(r)), new Promise((r) => consoleLog.end(r))]);
    })();
    return shuttingDown;
  }
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, async () => { console.error(`[ui] ${sig}: stopping`); await shutdown(); process.exit(130); });
  }

  let setupError;
  try {
    packageAndInstall(userDataDir, extensionsDir);
    server = await cs.startCodeServer({ userDataDir, extensionsDir, target: WORKSPACE, logStream: serverLog, verbose: VERBOSE });
    browser = await cs.launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e}\n`));
    page.on('crash', () => { consoleLog.write('[crash] the page crashed\n'); });
    await page.goto(cs.workbenchUrl(server.address, { target: WORKSPACE }), { waitUntil: 'domcontentloaded', timeout: wait(60000) });
    log(`workbench loading from ${server.address.href} (${((Date.now() - START) / 1000).toFixed(1)} s)`);
  } catch (e) {
    setupError = e;
    results.push({ name: 'setup: package, install and start VS Code', status: 'failed', ms: Date.now() - START, error: e });
    console.log(`  ✗ setup: ${e.message}`);
  }

  const ctx = {
    page, server, root: ROOT, workspace: WORKSPACE,
    runCommand: (title) => runCommand(page, title),
    quickOpen: (file) => quickOpen(page, file),
    waitForToast: (re, timeout) => waitForToast(page, re, timeout),
    screenshot: (name) => screenshot(page, name),
    docShot: (name) => docShot(page, name),
    webview: () => webviewFrame(page),
  };
  let failed = !!setupError;
  for (const step of STEPS) {
    if (aborted) break;
    if (failed) { results.push({ name: step.name, status: 'skipped' }); console.log(`  - ${step.name} (skipped)`); continue; }
    const t = Date.now();
    try {
      if (page.isClosed()) throw new Error('the workbench page is closed (crashed?)');
      await withTimeout(step.run(ctx), STEP_TIMEOUT_MS, step.name);
      results.push({ name: step.name, status: 'passed', ms: Date.now() - t });
      console.log(`  ✔ ${step.name} (${Date.now() - t} ms)`);
    } catch (e) {
      failed = true;
      results.push({ name: step.name, status: 'failed', ms: Date.now() - t, error: e });
      console.log(`  ✗ ${step.name} (${Date.now() - t} ms)\n      ${String(e.message || e).split('\n').join('\n      ')}`);
      const slug = step.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
      const shot = await screenshot(page, `failed-${slug}`).catch(() => undefined);
      if (shot) console.log(`      screenshot: ${shot}`);
    }
  }

  clearTimeout(watchdog);
  await shutdown();
  const passed = results.filter((r) => r.status === 'passed').length;
  const nFailed = results.filter((r) => r.status === 'failed').length;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  if (nFailed) console.log(`[ui] logs: ${path.relative(ROOT, LOGS)}/ (code-server.log, browser-console.log)`);
  log(`finished in ${((Date.now() - START) / 1000).toFixed(1)} s${skipped ? `, ${skipped} skipped` : ''}`);
  console.log(`${passed} passed, ${nFailed} failed`);
  process.exit(nFailed || skipped ? 1 : 0);
}

main().catch((e) => { console.error(`[ui] ERROR: ${e.stack || e}`); console.log('0 passed, 1 failed'); process.exit(1); });

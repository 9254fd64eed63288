#!/usr/bin/env node
// UI test: drives VS Code 1.100.3 (code-server + headless Chromium) like a person.
//
//   node test/ui/run.js
//
// 1. packages the extension (vsce package --no-dependencies -> .vscode-test/bce-lens.vsix;
//    build dist/ first with `node esbuild.js`),
// 2. installs the .vsix into a fresh extensions folder (code-server --install-extension),
// 3. opens test/fixtures/workspace and runs the named STEPS below in order.
// Each step counts as passed or failed; after a failure the remaining steps are
// skipped (they depend on each other). Screenshots: test-results/screenshots/
// (failures as failed-<step>.png); logs: test-results/ui-logs/.
// Ends with "N passed, N failed"; exit code 0 only when every step passed.
//
// Env: UI_TIMEOUT_MS (whole run, default 150000), UI_STEP_TIMEOUT_MS (per step, default 30000),
//      UI_SKIP_PACKAGE=1 (reuse .vscode-test/bce-lens.vsix), VSCODE_SHIM_VERBOSE=1.
'use strict';

const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const cs = require('../../scripts/vscode-code-server');

const ROOT = cs.ROOT;
const WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const VSIX = path.join(ROOT, '.vscode-test', 'bce-lens.vsix');
const EXTENSION_ID = 'bce-lens.bce-lens';
const UI_ROOT = path.join(ROOT, '.vscode-test', 'ui');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const LOGS = path.join(ROOT, 'test-results', 'ui-logs');
const RUN_TIMEOUT_MS = Number(process.env.UI_TIMEOUT_MS || 150000);
const STEP_TIMEOUT_MS = Number(process.env.UI_STEP_TIMEOUT_MS || 30000);
const VERBOSE = !!process.env.VSCODE_SHIM_VERBOSE && process.env.VSCODE_SHIM_VERBOSE !== '0';
const START = Date.now();

// Keras BinaryCrossentropy of example.json: 0.814924… ("0.8149", "0.81492", "0.815" all match).
const EXAMPLE_LOSS = /\b0\.81(49|5)\d*/;

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

/** Types into the quick input (F1 = command palette with '>', Ctrl+P = files) and accepts the row. */
async function pickFromQuickInput(page, { key, text, rowText, attempts = 3 }) {
  const input = page.locator(sel.quickInput);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await page.keyboard.press(key);
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(text);
    const row = page.locator(sel.quickInputRow, { hasText: rowText }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 4000 });
    } catch {
      await page.keyboard.press('Escape'); // rows not there yet (commands still registering): retry
      continue;
    }
    const focused = page.locator(`${sel.quickInputRow}.focused`, { hasText: rowText });
    if (await focused.count()) await page.keyboard.press('Enter');
    else await row.click();
    await input.waitFor({ state: 'hidden', timeout: 5000 });
    return;
  }
  throw new Error(`no "${rowText}" in the quick input after ${attempts} attempts (typed ${JSON.stringify(text)})`);
}

const runCommand = (page, title) => pickFromQuickInput(page, { key: 'F1', text: `>${title}`, rowText: title });
const quickOpen = (page, fileName) => pickFromQuickInput(page, { key: 'Control+P', text: fileName, rowText: fileName });

/** Waits for a notification toast whose text matches `re`; returns its text. */
async function waitForToast(page, re, timeout = 15000) {
  const toast = page.locator(sel.toast, { hasText: re }).first();
  try {
    await toast.waitFor({ state: 'visible', timeout });
  } catch {
    const shown = await page.locator(sel.toast).allInnerTexts().catch(() => []);
    throw new Error(`no notification matching ${re} within ${timeout / 1000} s; notifications: ${JSON.stringify(shown)}`);
  }
  // let the slide-in animation finish so screenshots show the whole toast
  await page.locator(`${sel.toast}.notification-fade-in-done`, { hasText: re }).first()
    .waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
  return (await toast.innerText()).replace(/\s+/g, ' ').trim();
}

/** The HTML of the active webview (two iframes deep), for the panel steps to come. */
const webviewFrame = (page) => page.frameLocator('iframe.webview').frameLocator('#active-frame');

// ---------------------------------------------------------------------------
// Steps: { name, run(ctx) }, run in order. Add new ones here. ctx: page (the workbench),
// workspace (folder path), and the helpers runCommand(title), quickOpen(file),
// waitForToast(re), screenshot(name), webview() (frame locator of the active webview).
// ---------------------------------------------------------------------------
const STEPS = [
  {
    name: 'workbench shows the fixtures workspace in the explorer',
    async run({ page }) {
      await page.locator(sel.workbench).waitFor({ timeout: 60000 });
      await page.locator(sel.explorerRow, { hasText: 'example.json' }).first().waitFor({ timeout: 30000 });
    },
  },
  {
    name: 'Quick Open (Ctrl+P) opens example.json',
    async run({ page, quickOpen }) {
      await quickOpen('example.json');
      await page.locator(sel.activeTab, { hasText: 'example.json' }).waitFor({ timeout: 10000 });
      await page.locator(sel.activeEditorText, { hasText: 'y_true' }).waitFor({ timeout: 10000 });
    },
  },
  {
    name: 'select all text of example.json',
    async run({ page }) {
      await page.locator(sel.activeEditorText).click();
      await page.keyboard.press('Control+A');
      // the status bar reports the selection: "Ln 1, Col 61 (60 selected)"
      await page.locator(sel.statusBar, { hasText: /\(\d+ selected\)/ }).waitFor({ timeout: 5000 });
    },
  },
  {
    name: 'command palette runs "BCE Lens: Compute Loss of Selection"',
    async run({ runCommand }) {
      await runCommand('BCE Lens: Compute Loss of Selection');
    },
  },
  {
    name: 'a notification shows the Keras loss 0.8149',
    async run({ waitForToast, screenshot }) {
      const text = await waitForToast(EXAMPLE_LOSS);
      log(`  notification: ${text}`);
      log(`  screenshot: ${await screenshot('selection-notification')}`);
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
    let t = Date.now();
    fs.mkdirSync(path.dirname(VSIX), { recursive: true });
    fs.rmSync(VSIX, { force: true });
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = cp.spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', VSIX], {
      cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000,
    });
    if (r.status !== 0 || !fs.existsSync(VSIX)) {
      throw new Error(`vsce package failed (exit ${r.status}):\n${(r.stdout || '') + (r.stderr || '')}`.trim());
    }
    log(`packaged ${path.relative(ROOT, VSIX)} (${(fs.statSync(VSIX).size / 1024).toFixed(0)} KiB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
  }
  const r = cs.runCli(['--install-extension', VSIX, '--force'], { userDataDir, extensionsDir });
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing the .vsix failed (exit ${r.status}):\n${out}`.trim());
  }
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
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e}\n`));
    page.on('crash', () => { consoleLog.write('[crash] the page crashed\n'); });
    await page.goto(cs.workbenchUrl(server.address, { target: WORKSPACE }), { waitUntil: 'domcontentloaded', timeout: 60000 });
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

#!/usr/bin/env node
// `npm run bench -- --editor`: the figures of issue 15 inside the real VS Code, beside the CLI's for
// the same input from the same run. Drives code-server 4.100.3 (VS Code 1.100.3) in headless
// Chromium as the UI test does (scripts/vscode-code-server.js; install it once with
// `node scripts/setup.js --vscode`, or point CODE_SERVER_DIR at an installed one):
// - "Compute Loss of File" from the explorer's context menu on ref-1e6.csv and ref-1e7.csv, from the
//   click on the menu item to the panel showing the number (the CLI's, to 7 significant digits);
//   and to everything (no framework of the comparison still "reading…"), with the panel's paint of
//   that last view (app.ts's "bce-lens:view-paint" measure: its arrival to the frame after it was drawn);
// - an option change on the shown file: label smoothing 0.1 typed into the panel, from Enter to the
//   new number and to everything (and back to 0);
// - "Compute Loss of Selection" on a 1.4 MB Python file (60,000 pairs, all selected), from Enter in
//   the command palette to the number.
// Beside each: the CLI (`node dist/cli.js FILE [--label-smoothing 0.1]`), wall time of the process.
// Medians of --runs (default 3); the files alternate so every measured number differs from the one
// shown before it. Durations are measured here only, never asserted in a test.
'use strict';
const cp = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const cs = require('../scripts/vscode-code-server');
const { generate } = require('./generate');

const root = path.join(__dirname, '..');
const dataDir = path.join(__dirname, 'data');
const benchRoot = path.join(root, '.vscode-test', 'bench');
const workspace = path.join(dataDir, 'editor');
const vsix = path.join(benchRoot, 'bce-lens.vsix');
const TIMEOUT = 300_000;
const SELECTION_PAIRS = 60_000;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const now = () => Number(process.hrtime.bigint()) / 1e9;
/** The panel shows 7 significant digits (trailing zeros trimmed). */
const shown = (x) => String(Number(x.toPrecision(7)));
const step = (m) => process.stdout.write(`… ${m}\n`);

function run(cmd, args, options = {}) {
  const r = cp.spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr || '').slice(-1500)}`);
  return r.stdout;
}

/** The bench files in a workspace of their own: the two CSVs (links to bench/data) and the selection file. */
function prepareWorkspace() {
  fs.mkdirSync(workspace, { recursive: true });
  const files = {};
  for (const [name, rows] of [['ref-1e6.csv', 1_000_000], ['ref-1e7.csv', 10_000_000]]) {
    const data = path.join(dataDir, name);
    if (!fs.existsSync(data)) {
      step(`generating ${path.relative(root, data)}`);
      generate(data, rows);
    }
    const link = path.join(workspace, name);
    if (!fs.existsSync(link)) fs.symlinkSync(data, link);
    files[name] = link;
  }
  const labels = Array.from({ length: SELECTION_PAIRS }, (_, i) => i % 2);
  const probs = Array.from({ length: SELECTION_PAIRS }, (_, i) => ((i * 7919) % 1000) / 1000 + 1e-7);
  files['selection.py'] = path.join(workspace, 'selection.py');
  fs.writeFileSync(files['selection.py'], `y_true = [${labels.join(', ')}]\ny_pred = [${probs.join(', ')}]\n`);
  return files;
}

/** The CLI on a file: its loss and the median wall time of its process. */
function cli(file, args, runs) {
  const walls = [];
  let loss;
  for (let i = 0; i < runs; i++) {
    const t = now();
    loss = Number(run(process.execPath, [path.join(root, 'dist', 'cli.js'), file, ...args]).trim());
    walls.push(now() - t);
  }
  return { loss, wall: median(walls) };
}

function packageAndInstall(userDataDir, extensionsDir) {
  cs.packageVsix(vsix);
  cs.installVsix(vsix, { userDataDir, extensionsDir });
}

/** The workbench, driven. */
class Workbench {
  constructor(page) {
    this.page = page;
  }

  lossValue() {
    return this.page.frameLocator('iframe.webview').frameLocator('#active-frame').locator('#loss-value');
  }

  /** Resolves, with the time, when the panel shows `loss`. */
  async waitForLoss(loss) {
    const re = new RegExp(`(^|[^0-9.])${shown(loss).replace('.', '\\.')}($|[^0-9])`);
    await this.lossValue().filter({ hasText: re }).waitFor({ state: 'visible', timeout: TIMEOUT });
    return now();
  }

  frame() {
    return this.page.frameLocator('iframe.webview').frameLocator('#active-frame');
  }

  /**
   * Resolves, with the time, when the comparison has rows and none is still being read (a large
   * file shows the chosen number first, the other frameworks and the diagnosis after: fileSession.ts).
   */
  async waitForEverything() {
    const frame = this.frame();
    await frame.locator('#comparison tbody tr').first().waitFor({ state: 'visible', timeout: TIMEOUT });
    for (;;) {
      if ((await frame.locator('#comparison td.why', { hasText: 'reading…' }).count()) === 0) return now();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The panel's last view, from its arrival to the frame after it was painted (app.ts's "bce-lens:view-paint"), in seconds. */
  async lastPaint() {
    // The panel's page is a frame inside the webview's frame: the one that has the measure.
    for (const f of this.page.frames()) {
      const found = await f.evaluate(() => performance.getEntriesByName('bce-lens:view-paint').map((e) => e.duration)).catch(() => []);
      if (found.length) return found[found.length - 1] / 1000;
    }
    return NaN;
  }

  /** The explorer's context menu on `name`: "Compute Loss of File…"; returns when it was clicked. */
  async computeFileFromExplorer(name) {
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ timeout: TIMEOUT });
    const item = this.page.locator('.monaco-menu .action-item', { hasText: 'Compute Loss of File' }).first();
    // On a quiet machine the workbench can be up before the extension's menus are registered: a
    // menu opened that early lacks the item, so it is closed and opened again.
    for (let attempt = 1; ; attempt++) {
      await row.click({ button: 'right' });
      try {
        await item.waitFor({ timeout: 3_000 });
        break;
      } catch (e) {
        if (attempt >= 10) throw e;
        await this.page.keyboard.press('Escape');
      }
    }
    const t = now();
    await item.click();
    return t;
  }

  /** Types into the panel's label smoothing box and presses Enter; returns when Enter was pressed. */
  async setLabelSmoothing(value) {
    const input = this.page.frameLocator('iframe.webview').frameLocator('#active-frame').locator('#label-smoothing');
    await input.click();
    await input.press('Control+A');
    await input.pressSequentially(String(value));
    const t = now();
    await input.press('Enter');
    return t;
  }

  /** Opens `name` (Ctrl+P), selects everything and runs the command from the palette; returns when Enter was pressed. */
  async computeSelectionOf(name) {
    const { page } = this;
    await page.keyboard.press('Control+1');
    await this.pick('Control+P', name, name);
    await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+A');
    return this.pick('F1', '>BCE Lens: Compute Loss of Selection', 'Compute Loss of Selection');
  }

  /** Opens the quick input, types, and accepts the row; returns when Enter was pressed. */
  async pick(key, text, rowText) {
    const { page } = this;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.keyboard.press(key);
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.fill(text);
      const row = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: rowText }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 20_000 });
      } catch {
        await page.keyboard.press('Escape');
        continue;
      }
      const t = now();
      await page.keyboard.press('Enter');
      return t;
    }
    throw new Error(`no "${rowText}" in the quick input`);
  }
}

async function main(runs) {
  cs.checkInstalled();
  step('building dist/ and packaging the .vsix');
  run(process.execPath, ['esbuild.js', '--production'], { stdio: 'inherit' });
  const files = prepareWorkspace();
  const userDataDir = path.join(benchRoot, 'user-data');
  const extensionsDir = path.join(benchRoot, 'extensions');
  fs.rmSync(userDataDir, { recursive: true, force: true });
  fs.rmSync(extensionsDir, { recursive: true, force: true });
  cs.seedSettings(userDataDir);
  packageAndInstall(userDataDir, extensionsDir);

  step('the CLI on the same files');
  const cliFigures = {
    'ref-1e6.csv': cli(files['ref-1e6.csv'], [], runs),
    'ref-1e7.csv': cli(files['ref-1e7.csv'], [], runs),
    'selection.py': cli(files['selection.py'], [], runs),
  };
  const smoothed = {
    'ref-1e6.csv': cli(files['ref-1e6.csv'], ['--label-smoothing', '0.1'], runs),
    'ref-1e7.csv': cli(files['ref-1e7.csv'], ['--label-smoothing', '0.1'], runs),
  };

  const server = await cs.startCodeServer({ userDataDir, extensionsDir, target: workspace });
  const browser = await cs.launchBrowser();
  const perFile = () => ({ 'ref-1e6.csv': [], 'ref-1e7.csv': [] });
  const times = { ...perFile(), everything: perFile(), paint: perFile(), option: perFile(), optionEverything: perFile(), back: perFile(), 'selection.py': [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(cs.workbenchUrl(server.address, { target: workspace }), { waitUntil: 'domcontentloaded', timeout: TIMEOUT });
    await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
    const bench = new Workbench(page);
    for (let i = 0; i < runs; i++) {
      for (const name of ['ref-1e6.csv', 'ref-1e7.csv']) {
        const start = await bench.computeFileFromExplorer(name);
        times[name].push((await bench.waitForLoss(cliFigures[name].loss)) - start);
        times.everything[name].push((await bench.waitForEverything()) - start);
        times.paint[name].push(await bench.lastPaint());
        step(`${name}: command to number ${times[name].at(-1).toFixed(2)} s, to everything ${times.everything[name].at(-1).toFixed(2)} s, its paint ${times.paint[name].at(-1).toFixed(3)} s`);
        const change = await bench.setLabelSmoothing(0.1);
        times.option[name].push((await bench.waitForLoss(smoothed[name].loss)) - change);
        times.optionEverything[name].push((await bench.waitForEverything()) - change);
        const back = await bench.setLabelSmoothing(0);
        times.back[name].push((await bench.waitForLoss(cliFigures[name].loss)) - back);
        step(`${name}: label smoothing 0.1 ${times.option[name].at(-1).toFixed(2)} s, back to 0 ${times.back[name].at(-1).toFixed(2)} s`);
      }
      const start = await bench.computeSelectionOf('selection.py');
      times['selection.py'].push((await bench.waitForLoss(cliFigures['selection.py'].loss)) - start);
      step(`selection.py: command to number ${times['selection.py'].at(-1).toFixed(2)} s`);
    }
  } catch (e) {
    // What the workbench showed: a picture and the notifications.
    const page = browser.contexts()[0]?.pages()[0];
    if (page) {
      const shot = path.join(root, 'test-results', 'bench-editor-failed.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => {});
      const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => []);
      console.error(`the workbench at the failure: ${path.relative(root, shot)}; notifications: ${JSON.stringify(toasts)}`);
    }
    throw e;
  } finally {
    await browser.close().catch(() => {});
    await server.stop().catch(() => {});
  }

  const row = (what, editor, peer) => console.log(`${what.padEnd(52)} ${median(editor).toFixed(2).padStart(7)} s ${peer.toFixed(2).padStart(7)} s ${(median(editor) / peer).toFixed(1).padStart(6)}×`);
  console.log(`\nmedians of ${runs} runs                                     VS Code     CLI    ratio`);
  for (const name of ['ref-1e6.csv', 'ref-1e7.csv']) {
    row(`Compute Loss of File, ${name} (command to number)`, times[name], cliFigures[name].wall);
    row(`  to everything (comparison, metrics, findings)`, times.everything[name], cliFigures[name].wall);
    console.log(`  the panel's paint of that view: ${median(times.paint[name]).toFixed(3)} s from its arrival to the frame after it was drawn`);
    row(`  label smoothing 0.1 on it (Enter to number)`, times.option[name], smoothed[name].wall);
    row(`    to everything`, times.optionEverything[name], smoothed[name].wall);
    row(`  back to 0`, times.back[name], cliFigures[name].wall);
  }
  row(`Compute Loss of Selection, 1.4 MB (${SELECTION_PAIRS} pairs)`, times['selection.py'], cliFigures['selection.py'].wall);
  console.log('CLI: node dist/cli.js FILE, the whole process (its start included).');
}

module.exports = { main };
if (require.main === module) {
  main(Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

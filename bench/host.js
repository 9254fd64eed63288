#!/usr/bin/env node
// `npm run bench -- --host`: the extension's file path outside VS Code, beside the CLI, from one run.
// Each run is a fresh Node process that loads the desktop bundle (dist/extension.js, then
// dist/lens.js) with the web test's fake `vscode` module (test/web/fakeVscode.js), its workspace.fs
// answering stat from the disk, and times:
// - "Compute Loss of File" on ref-1e6.csv and ref-1e7.csv, from the command to its result (the
//   chosen framework's number: a large file shows it first) and to everything (the view with every
//   framework of the comparison, the metrics and the findings; no webview draws it);
// - label smoothing 0.1 sent from the fake panel (setOptions) to its first view and to everything,
//   and back to 0.
// Beside each, the CLI's whole process on the same file and option (`node dist/cli.js FILE`).
// What VS Code adds (its extension host, the webview's load and drawing) is in `--editor`; this one
// shows the host's own work, and runs in a minute. Medians of --runs; peak RSS of the host process.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const Module = require('node:module');
const { buildDist, measure, runScript } = require('./measure');
const { generate } = require('./generate');

const root = path.join(__dirname, '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const seconds = (from) => Number(process.hrtime.bigint() - from) / 1e9;

/** In the child: the command, an option change and back, as JSON on stdout. */
async function child(file) {
  globalThis.window = globalThis;
  require(path.join(root, 'test', 'web', 'fakeVscode.js'));
  const fake = globalThis.createFakeVscode({ files: {}, editor: undefined, settings: {} });
  const vscode = fake.vscode;
  vscode.workspace.fs.stat = async (uri) => {
    const s = fs.statSync(uri.fsPath);
    return { type: vscode.FileType.File, ctime: s.ctimeMs, mtime: s.mtimeMs, size: s.size };
  };
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  const memento = { get: () => undefined, update: async () => {}, keys: () => [] };
  const context = { subscriptions: [], extensionUri: vscode.Uri.file(root), extensionPath: root, extensionMode: 1, globalState: memento, workspaceState: memento, asAbsolutePath: (p) => path.join(root, p) };
  const posted = () => fake.log.posted;
  // The view a wait is for: the next one from `from` on that `ok` accepts; where the scan ended.
  const viewAfter = async (from, ok) => {
    for (let i = from; ; i++) {
      while (posted().length <= i) await new Promise((resolve) => setTimeout(resolve, 2));
      const m = posted()[i];
      if (m.type === 'view' && ok(m)) return { view: m.view, at: i + 1 };
    }
  };
  // Everything is in a view once no framework of the comparison is still being read (fileSession.ts: "reading…").
  const complete = (m) => !m.view.comparison.rows.some((r) => r.reason === 'reading…');
  require(path.join(root, 'dist', 'extension.js')).activate(context);
  let t = process.hrtime.bigint();
  const result = await vscode.commands.executeCommand('bceLens.computeFile', vscode.Uri.file(file));
  const command = seconds(t);
  if (!result) throw new Error(`no result: ${JSON.stringify(fake.log.errors)}`);
  fake.log.panel.webview._send({ type: 'ready' });
  const first = await viewAfter(0, complete);
  const everything = seconds(t);
  // An option change: the number (its view), then everything.
  const change = async (seq, options) => {
    const from = posted().length;
    const t0 = process.hrtime.bigint();
    fake.log.panel.webview._send({ type: 'setOptions', seq, options });
    const number = await viewAfter(from, (m) => m.seq === seq);
    const numberS = seconds(t0);
    const all = complete({ view: number.view }) ? number : await viewAfter(number.at, (m) => m.seq === seq && complete(m));
    return { number: numberS, everything: seconds(t0), view: all.view };
  };
  const smoothed = await change(1, { ...first.view.options, labelSmoothing: 0.1 });
  const back = await change(2, first.view.options);
  console.log(
    JSON.stringify({
      command,
      everything,
      option: smoothed.number,
      optionEverything: smoothed.everything,
      back: back.number,
      backEverything: back.everything,
      loss: result.loss,
      smoothed: smoothed.view.result.loss,
      viewBytes: JSON.stringify(first.view).length,
    }),
  );
}

function main(runs) {
  buildDist();
  const files = [['ref-1e6.csv', 1_000_000], ['ref-1e7.csv', 10_000_000]].map(([name, rows]) => {
    const file = path.join(__dirname, 'data', name);
    if (!fs.existsSync(file)) generate(file, rows);
    return file;
  });
  const cli = path.join(root, 'dist', 'cli.js');
  const row = (what, host, peer) => console.log(`${what.padEnd(44)} ${host.toFixed(2).padStart(7)} s ${peer.toFixed(2).padStart(7)} s ${(host / peer).toFixed(2).padStart(6)}×`);
  console.log(`medians of ${runs} fresh processes each                 host     CLI    ratio`);
  for (const file of files) {
    const host = [];
    const plain = [];
    const smoothed = [];
    let rss = 0;
    for (let i = 0; i < runs; i++) {
      const m = measure(process.execPath, [__filename, '--child', file]);
      host.push(JSON.parse(m.stdout.trim().split('\n').pop()));
      rss = Math.max(rss, m.rssKiB ?? 0);
      plain.push(measure(process.execPath, [cli, file]));
      smoothed.push(measure(process.execPath, [cli, file, '--label-smoothing', '0.1']));
    }
    const name = path.basename(file);
    const of = (key) => median(host.map((h) => h[key]));
    row(`${name}: command to the number`, of('command'), median(plain.map((p) => p.wall)));
    row(`  to everything (every framework, metrics)`, of('everything'), median(plain.map((p) => p.wall)));
    row(`  label smoothing 0.1: the number`, of('option'), median(smoothed.map((p) => p.wall)));
    row(`    everything`, of('optionEverything'), median(smoothed.map((p) => p.wall)));
    row(`  back to 0 (kept)`, of('back'), median(plain.map((p) => p.wall)));
    const h = host[0];
    const same = (a, b) => (a === b ? 'equal' : `differ by ${Math.abs(a - b) / Math.abs(b)} relative`);
    console.log(`  host peak RSS ${(rss / 1024).toFixed(0)} MiB; view ${h.viewBytes} bytes; loss ${same(h.loss, Number(plain[0].stdout))} to the CLI's, smoothed ${same(h.smoothed, Number(smoothed[0].stdout))}`);
  }
  console.log('CLI: node dist/cli.js FILE, the whole process (its start included), one semantics.');
}

module.exports = { main };
runScript(module, { main, child, runs: 3 });

#!/usr/bin/env node
// `npm run bench -- --activation`: how long the extension takes to activate, beside the CLI's start,
// from one run. Each figure is from a fresh Node process (so nothing is cached or compiled yet):
// - activation: require dist/extension.js (the desktop bundle) and call activate() with the fake
//   `vscode` module of the web test (test/web/fakeVscode.js), timed inside the process: what VS Code
//   counts as activation once its extension host runs;
// - the first command's load: then running "Compute Loss of Selection" once, the code it needs
//   loaded on first use;
// - the CLI's start: `node dist/cli.js --version`, wall time, beside `node -e 0` (Node alone).
// Medians of the runs. Builds dist/ first (production).
'use strict';
const { spawnSync } = require('node:child_process');
const { buildDist, runScript } = require('./measure');
const path = require('node:path');
const Module = require('node:module');

const root = path.join(__dirname, '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x) => `${(x * 1000).toFixed(1)} ms`;

/** In the child: activates the bundle with the fake vscode, runs the selection command, prints the times. */
async function child(bundle) {
  globalThis.window = globalThis;
  require(path.join(root, 'test', 'web', 'fakeVscode.js'));
  const text = 'y_true = [0, 1, 0, 1]\ny_pred = [0.1, 0.8, 0.3, 0.6]';
  const fake = globalThis.createFakeVscode({ files: {}, editor: { uri: 'file:///w/a.py', text, selections: [[0, 0, 0, 0]] }, settings: {} });
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? fake.vscode : load.call(this, request, ...rest);
  };
  const context = {
    subscriptions: [],
    extensionUri: fake.vscode.Uri.file(root),
    extensionPath: root,
    globalState: { get: () => undefined, update: async () => {}, keys: () => [] },
    workspaceState: { get: () => undefined, update: async () => {}, keys: () => [] },
    asAbsolutePath: (p) => path.join(root, p),
  };
  const t0 = process.hrtime.bigint();
  const extension = require(bundle);
  const t1 = process.hrtime.bigint();
  extension.activate(context);
  const t2 = process.hrtime.bigint();
  await fake.vscode.commands.executeCommand('bceLens.computeSelection');
  const t3 = process.hrtime.bigint();
  const s = (a, b) => Number(b - a) / 1e9;
  console.log(JSON.stringify({ require: s(t0, t1), activate: s(t1, t2), command: s(t2, t3) }));
}

function timeProcess(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')}: ${r.stderr}`);
  return { wall: Number(process.hrtime.bigint() - t) / 1e9, stdout: r.stdout };
}

function main(runs) {
  buildDist();
  const bundle = path.join(root, 'dist', 'extension.js');
  const n = Math.max(runs, 5);
  const inside = [];
  const cli = [];
  const bare = [];
  for (let i = 0; i < n; i++) {
    inside.push(JSON.parse(timeProcess([__filename, '--child', bundle]).stdout));
    cli.push(timeProcess([path.join(root, 'dist', 'cli.js'), '--version']).wall);
    bare.push(timeProcess(['-e', '0']).wall);
  }
  const of = (key) => median(inside.map((r) => r[key]));
  console.log(`medians of ${n} fresh processes each`);
  console.log(`extension: require ${ms(of('require'))} + activate() ${ms(of('activate'))} = ${ms(median(inside.map((r) => r.require + r.activate)))} (dist/extension.js)`);
  console.log(`first Compute Loss of Selection after it: ${ms(of('command'))} (loads what the command needs)`);
  console.log(`CLI start: node dist/cli.js --version ${ms(median(cli))}; node -e 0 ${ms(median(bare))}; the CLI's own share ${ms(median(cli) - median(bare))}`);
}

module.exports = { main };
runScript(module, { main, child, runs: 5 });

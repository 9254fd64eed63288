#!/usr/bin/env node
// Run before `npm start` and `npm test`, so those two commands are all the setup a fresh clone needs:
// installs the npm packages when they are missing or older than package-lock.json, and, with
// `--vscode`, code-server 4.100.3 and Chromium for the tests inside VS Code.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

function run(cmd, args) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
}

const stale = !fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs;
if (stale) run('npm', ['ci', '--no-audit', '--no-fund']);

if (process.argv.includes('--vscode') && !process.env.VSCODE_EXECUTABLE_PATH) {
  run('bash', [path.join(__dirname, 'install-code-server.sh')]);
}

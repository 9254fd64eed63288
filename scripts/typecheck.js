#!/usr/bin/env node
// `npm run typecheck`: the tests under the root tsconfig.json, then each floor of src under its own,
// so the core and the readers see neither the DOM's nor Node's globals, and the web host no Node.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const PROJECTS = ['.', 'src/core', 'src/inputs', 'src/inputs/engines', 'src/inputs/threads', 'src/shared', 'src/webview', 'src/cli', 'src/host', 'src/host/web'];
const tsc = require.resolve('typescript/bin/tsc');
let failed = 0;
for (const project of PROJECTS) {
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`typecheck: ${project} failed`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// `npm test`: type check, lint, build, unit tests, the web bundle in Chromium, the integration suite inside VS Code and the UI
// tests, one after another (VS Code runs must never overlap), then one closing line
// `N passed, N failed` over everything. `node scripts/test-all.js unit integration` runs a subset.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Each part: a command, and how to count its passes and failures from its output. */
const PARTS = {
  typecheck: { cmd: ['node', 'scripts/typecheck.js'], count: exitOnly },
  lint: { cmd: [npx, 'eslint', '.'], count: exitOnly },
  build: { cmd: ['node', 'esbuild.js', '--production'], count: exitOnly },
  unit: { cmd: [npx, 'mocha'], count: mochaCounts },
  web: { cmd: ['node', 'test/web/run.js'], count: summaryLine },
  integration: { cmd: ['node', 'test/integration/run.js'], count: summaryLine },
  ui: { cmd: ['node', 'test/ui/run.js'], count: summaryLine },
};

function exitOnly(_output, code) {
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

function mochaCounts(output, code) {
  const passed = Number((/(\d+) passing/.exec(output) || [0, 0])[1]);
  const failed = Number((/(\d+) failing/.exec(output) || [0, 0])[1]);
  // A crash before mocha reports anything still counts as a failure.
  return { passed, failed: code !== 0 && failed === 0 ? 1 : failed };
}

function summaryLine(output, code) {
  const lines = [...output.matchAll(/^(\d+) passed, (\d+) failed\s*$/gm)];
  if (!lines.length) return { passed: 0, failed: 1 };
  const last = lines[lines.length - 1];
  const failed = Number(last[2]);
  return { passed: Number(last[1]), failed: code !== 0 && failed === 0 ? 1 : failed };
}

function run(name, cmd) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name}: ${cmd.join(' ')}`);
    const child = spawn(cmd[0], cmd.slice(1), { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('error', (e) => resolve({ output: output + String(e), code: 127 }));
    child.on('close', (code) => resolve({ output, code: code ?? 1 }));
  });
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in PARTS));
  if (unknown.length) {
    console.error(`unknown part(s): ${unknown.join(', ')}; choose from ${Object.keys(PARTS).join(', ')}`);
    process.exit(2);
  }
  const names = wanted.length ? wanted : Object.keys(PARTS);
  let passed = 0;
  let failed = 0;
  const summary = [];
  for (const name of names) {
    const { output, code } = await run(name, PARTS[name].cmd);
    const c = PARTS[name].count(output, code);
    passed += c.passed;
    failed += c.failed;
    summary.push(`${name}: ${c.passed} passed, ${c.failed} failed`);
  }
  console.log('\n' + summary.join('\n'));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();

#!/usr/bin/env node
// Runs the integration suite (test/integration/suite/*.test.js) inside a real VS Code.
//
//   node test/integration/run.js
//
// - VSCODE_EXECUTABLE_PATH=/path/to/code  -> that desktop VS Code, through @vscode/test-electron
// - otherwise a desktop VS Code 1.100.3 that test-electron can download (or has cached),
// - otherwise (offline) -> code-server 4.100.3 + headless Chromium through scripts/vscode-shim.js
//   (install it once with: bash scripts/install-code-server.sh)
//
// The extension under test is the project root (its "main" is dist/extension.js:
// build it first with `node esbuild.js`). EXTENSION_DEVELOPMENT_PATH overrides it.
// MOCHA_GREP=<regexp> runs only the matching tests.
'use strict';

const fs = require('fs');
const path = require('path');
const { runTests, downloadAndUnzipVSCode } = require('@vscode/test-electron');

const ROOT = path.resolve(__dirname, '..', '..');
const SHIM = path.join(ROOT, 'scripts', 'vscode-shim.js');
const CODE_SERVER_ENTRY = path.join(
  process.env.CODE_SERVER_DIR || path.join(ROOT, '.vscode-test', 'code-server'),
  'node_modules', 'code-server', 'out', 'node', 'entry.js');

function die(msg) {
  console.error(`[integration] ERROR: ${msg}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/** A desktop VS Code from test-electron's cache or download; undefined when offline (then code-server). */
async function tryDownloadDesktop() {
  // Electron needs a display; a headless Linux machine runs the same suite in code-server instead.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return undefined;
  try {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 20 s')), 20000).unref());
    return await Promise.race([downloadAndUnzipVSCode({ version: '1.100.3', cachePath: path.join(ROOT, '.vscode-test', 'desktop') }), timeout]);
  } catch (e) {
    console.log(`[integration] no desktop VS Code to download (${String(e.message || e).split('\n')[0]}): using code-server`);
    return undefined;
  }
}

async function main() {
  const start = Date.now();
  const extensionDevelopmentPath = path.resolve(process.env.EXTENSION_DEVELOPMENT_PATH || ROOT);
  const extensionTestsPath = path.join(__dirname, 'suite', 'index.js');
  const workspace = path.join(ROOT, 'test', 'fixtures', 'workspace');

  // The extension must be built: a missing main makes activation fail with a vaguer error.
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionDevelopmentPath, 'package.json'), 'utf8'));
  if (pkg.main && !fs.existsSync(path.resolve(extensionDevelopmentPath, pkg.main))
      && !fs.existsSync(path.resolve(extensionDevelopmentPath, pkg.main + '.js'))) {
    die(`${pkg.main} is missing in ${extensionDevelopmentPath}: build the extension first (node esbuild.js)`);
  }

  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (vscodeExecutablePath) {
    if (!fs.existsSync(vscodeExecutablePath)) die(`VSCODE_EXECUTABLE_PATH does not exist: ${vscodeExecutablePath}`);
  } else {
    vscodeExecutablePath = await tryDownloadDesktop();
  }
  if (vscodeExecutablePath) {
    console.log(`[integration] desktop VS Code: ${vscodeExecutablePath}`);
  } else {
    if (!fs.existsSync(CODE_SERVER_ENTRY)) {
      die(`code-server is not installed (${CODE_SERVER_ENTRY} missing).\n` +
        '  Install it once (needs apt + the npm registry, ~80 s):  bash scripts/install-code-server.sh\n' +
        '  or point VSCODE_EXECUTABLE_PATH at a desktop VS Code executable.');
    }
    vscodeExecutablePath = SHIM;
    // runTests spawns the executable directly (no shell): it needs its exec bit.
    try { fs.accessSync(SHIM, fs.constants.X_OK); } catch { fs.chmodSync(SHIM, 0o755); }
    console.log('[integration] code-server 4.100.3 + headless Chromium (scripts/vscode-shim.js)');
  }

  const testRoot = path.join(ROOT, '.vscode-test', 'integration');
  const userDataDir = path.join(testRoot, 'user-data');
  const extensionsDir = path.join(testRoot, 'extensions');
  fs.rmSync(testRoot, { recursive: true, force: true });
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });

  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [
        workspace,
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${extensionsDir}`,
        '--disable-extensions', // other installed extensions (desktop only; none are in the fresh dir anyway)
        '--disable-workspace-trust',
      ],
      extensionTestsEnv: {
        VSCODE_SHIM_LOG_DIR: path.join(ROOT, 'test-results', 'integration-logs'),
        ...(process.env.MOCHA_GREP ? { MOCHA_GREP: process.env.MOCHA_GREP } : {}),
      },
    });
    console.log(`[integration] passed in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.error(`[integration] FAILED in ${((Date.now() - start) / 1000).toFixed(1)} s: ${err.message || err}`);
    process.exit(1);
  }
}

main();

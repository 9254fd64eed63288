#!/usr/bin/env node
/*
 * vscode-shim.js: a stand-in for the desktop VS Code executable, for
 * `runTests({ vscodeExecutablePath })` of @vscode/test-electron when no desktop
 * VS Code can be downloaded (offline).
 *
 * It accepts the desktop flags test-electron passes
 *   --extensionTestsPath=… --extensionDevelopmentPath=… (repeatable)
 *   --extensions-dir=… --user-data-dir=… --disable-workspace-trust … [folder]
 * and runs the test module in the Node extension host of code-server 4.100.3
 * (= VS Code 1.100.3, installed by scripts/install-code-server.sh), loading the
 * web workbench in headless Chromium (/usr/bin/chromium) driven by playwright-core.
 *
 * Exit code: 0 when the test module's run() resolved, 1 when it rejected, failed to
 * load, or the run timed out / crashed; 2 for usage or setup errors.
 *
 * CLI-only invocations (--version, --install-extension, --list-extensions,
 * --uninstall-extension, --show-versions) are passed to code-server's CLI.
 *
 * Environment:
 *   CODE_SERVER_DIR          install folder (default <repo>/.vscode-test/code-server)
 *   VSCODE_SHIM_TIMEOUT_MS   watchdog for the whole run (default 180000)
 *   VSCODE_SHIM_LOG_DIR      where to save workbench + code-server logs
 *                            (default <user-data-dir>/shim-logs)
 *   VSCODE_SHIM_CHROMIUM     browser executable (default /usr/bin/chromium)
 *   VSCODE_SHIM_VERBOSE=1    echo code-server output and browser console live
 */
'use strict';

const cp = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR || path.join(ROOT, '.vscode-test', 'code-server');
const ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.VSCODE_SHIM_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.VSCODE_SHIM_TIMEOUT_MS || 180000);
const VERBOSE = !!process.env.VSCODE_SHIM_VERBOSE && process.env.VSCODE_SHIM_VERBOSE !== '0';
const START = Date.now();

const SEEDED_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'git.enabled': false,
};

// Workbench start-up messages that reach codeAutomationLog along with the test output.
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/, /^Creating a socket/, /^Ignoring fetching additional builtin extensions/,
  /^\[Service Worker\]/, /^ChatSessionStore:/, /^Updating additional builtin extensions cache/,
];

const CLI_ONLY = ['--version', '-v', '--install-extension', '--uninstall-extension', '--list-extensions', '--show-versions', '--help', '-h'];
// Desktop flags with a value that may be given as "--flag value".
const VALUE_FLAGS = new Set(['extensionTestsPath', 'extensionDevelopmentPath', 'extensions-dir', 'user-data-dir', 'locale']);
// Desktop flags that mean nothing here (Electron/desktop specific) and are ignored quietly.
const IGNORED_FLAGS = new Set([
  'no-sandbox', 'disable-gpu-sandbox', 'disable-gpu', 'disable-updates', 'skip-welcome', 'skip-release-notes',
  'disable-workspace-trust', 'disable-telemetry', 'disable-crash-reporter', 'new-window', 'n', 'wait',
  'disable-chromium-sandbox', 'disable-dev-shm-usage', 'verbose', 'disable-extension', 'disable-extensions',
]);

function say(msg) { process.stderr.write(`[vscode-shim] ${msg}\n`); }
function elapsed() { return `${((Date.now() - START) / 1000).toFixed(1)} s`; }

function parseArgs(argv) {
  const o = { devPaths: [], positional: [], unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) { o.positional.push(a); continue; }
    const m = /^--?([^=]+)(?:=(.*))?$/s.exec(a);
    const name = m[1];
    let value = m[2];
    if (value === undefined && VALUE_FLAGS.has(name) && i + 1 < argv.length) value = argv[++i];
    switch (name) {
      case 'extensionTestsPath': o.testsPath = value; break;
      case 'extensionDevelopmentPath': o.devPaths.push(value); break;
      case 'extensions-dir': o.extensionsDir = value; break;
      case 'user-data-dir': o.userDataDir = value; break;
      case 'locale': o.locale = value; break;
      default: if (!IGNORED_FLAGS.has(name)) o.unknown.push(a);
    }
  }
  return o;
}

function fail(msg, code = 2) { say(`ERROR: ${msg}`); process.exit(code); }

function seedSettings(userDataDir) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'settings.json');
  let existing = {};
  try { existing = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* missing or JSONC: replace */ }
  fs.writeFileSync(file, JSON.stringify({ ...existing, ...SEEDED_SETTINGS }, null, 2) + '\n');
}

function toRemoteUri(authority, absPath) {
  // vscode-remote://host:port/abs/path, each segment percent-encoded
  return `vscode-remote://${authority}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

async function main() {
  const argv = process.argv.slice(2);

  if (!fs.existsSync(ENTRY)) {
    fail(`code-server is not installed (${ENTRY} missing). Run: bash scripts/install-code-server.sh`);
  }

  if (argv.some((a) => CLI_ONLY.includes(a.split('=')[0]))) {
    const r = cp.spawnSync(process.execPath, [ENTRY, ...argv], { stdio: 'inherit' });
    process.exit(r.status === null ? 1 : r.status);
  }

  const opts = parseArgs(argv);
  if (!opts.testsPath) fail('--extensionTestsPath=… is required (this shim only runs extension tests)');
  if (!opts.devPaths.length) fail('--extensionDevelopmentPath=… is required');
  if (opts.unknown.length) say(`ignoring unsupported flags: ${opts.unknown.join(' ')}`);
  if (opts.positional.length > 1) say(`only the first folder/workspace is opened: ${opts.positional[0]}`);

  const testsPath = path.resolve(opts.testsPath);
  const devPaths = opts.devPaths.map((p) => path.resolve(p));
  const userDataDir = path.resolve(opts.userDataDir || path.join(process.cwd(), '.vscode-test', 'user-data'));
  const extensionsDir = path.resolve(opts.extensionsDir || path.join(process.cwd(), '.vscode-test', 'extensions'));
  const target = opts.positional[0] ? path.resolve(opts.positional[0]) : undefined;
  const logDir = path.resolve(process.env.VSCODE_SHIM_LOG_DIR || path.join(userDataDir, 'shim-logs'));

  for (const p of devPaths) if (!fs.existsSync(p)) fail(`extensionDevelopmentPath does not exist: ${p}`);
  if (!fs.existsSync(testsPath) && !fs.existsSync(testsPath + '.js')) fail(`extensionTestsPath does not exist: ${testsPath}`);
  if (target && !fs.existsSync(target)) fail(`folder/workspace does not exist: ${target}`);
  if (!fs.existsSync(CHROMIUM)) fail(`${CHROMIUM} missing (apt-get install chromium, or run scripts/install-code-server.sh)`);

  let chromium;
  try { ({ chromium } = require('playwright-core')); } catch (e) { fail(`playwright-core not found: ${e.message}`); }

  // Both folders must exist before code-server starts: with a missing extensions
  // folder even the extension under development silently fails to load.
  fs.mkdirSync(extensionsDir, { recursive: true });
  seedSettings(userDataDir);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  // code-server, its extension host and built-in extensions leave sockets and temp
  // folders (vscode-ipc-*.sock, vscode-typescript*) behind: give them a private,
  // short (unix socket paths max out at 107 bytes) temp folder removed at the end.
  const runTmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'vscode-shim-'));
  const configFile = path.join(userDataDir, 'shim-code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n'); // keeps ~/.config/code-server untouched

  const serverLogFile = path.join(logDir, 'code-server.log');
  const serverLog = fs.createWriteStream(serverLogFile);
  const consoleLogFile = path.join(logDir, 'browser-console.log');
  const consoleLog = fs.createWriteStream(consoleLogFile);

  let server;
  let browser;
  let finished = false;
  let exitCode = 1;

  async function cleanup() {
    if (browser) { const b = browser; browser = undefined; await b.close().catch(() => {}); }
    if (server && server.exitCode === null && server.signalCode === null) {
      const pid = server.pid;
      const exited = new Promise((r) => server.once('exit', r));
      try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ }
      const t = await Promise.race([exited.then(() => 'exit'), new Promise((r) => setTimeout(() => r('timeout'), 3000))]);
      if (t === 'timeout') { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    // The process group may hold children (extension host, pty host) even after the server left.
    if (server) { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } }
    await Promise.all([new Promise((r) => serverLog.end(r)), new Promise((r) => consoleLog.end(r))]);
    fs.rmSync(runTmp, { recursive: true, force: true });
  }

  let settle;
  const done = new Promise((r) => { settle = r; });
  function finish(code, why) {
    if (finished) return;
    finished = true;
    exitCode = code;
    if (why) say(why);
    settle();
  }

  const onSignal = (sig) => finish(130, `received ${sig}, stopping`);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const watchdog = setTimeout(() => finish(1, `TIMEOUT: no result after ${TIMEOUT_MS / 1000} s (VSCODE_SHIM_TIMEOUT_MS)`), TIMEOUT_MS);

  // ---- start code-server ------------------------------------------------------
  const serverArgs = [
    ENTRY, '--config', configFile, '--auth', 'none', '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ];
  if (opts.locale) serverArgs.push('--locale', opts.locale);
  if (target) serverArgs.push(target);
  server = cp.spawn(process.execPath, serverArgs, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EXTENSIONS_GALLERY: '{}', TMPDIR: runTmp, XDG_RUNTIME_DIR: runTmp },
  });
  const address = await new Promise((resolve) => {
    let buf = '';
    const onData = (d) => {
      serverLog.write(d);
      if (VERBOSE) process.stderr.write(d);
      buf += d.toString();
      const m = /HTTP server listening on (http:\/\/[^\s]+)/.exec(buf);
      if (m) { buf = ''; resolve(new URL(m[1])); }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code, sig) => {
      if (!finished) finish(1, `code-server exited unexpectedly (${code ?? sig}); log: ${serverLogFile}`);
      resolve(undefined);
    });
    done.then(() => resolve(undefined));
  });

  if (address && !finished) {
    const authority = address.host; // 127.0.0.1:PORT
    const payload = [
      ...devPaths.map((p) => ['extensionDevelopmentPath', toRemoteUri(authority, p)]),
      ['extensionTestsPath', toRemoteUri(authority, testsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = new URL(address.href);
    if (target && target.endsWith('.code-workspace')) url.searchParams.set('workspace', target);
    else if (target) url.searchParams.set('folder', target);
    else url.searchParams.set('ew', 'true');
    url.searchParams.set('payload', JSON.stringify(payload));
    say(`code-server ready at ${address.href} after ${elapsed()}; loading the workbench`);

    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync',
          '--disable-dev-shm-usage'],
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.exposeFunction('codeAutomationLog', (type, args) => {
        const list = Array.isArray(args) ? args : [args];
        // The workbench's own start-up chatter arrives here too: keep it in the log file only.
        if (!VERBOSE && typeof list[0] === 'string' && WORKBENCH_NOISE.some((re) => re.test(list[0]))) {
          consoleLog.write(`[workbench ${type}] ${list.join(' ')}\n`);
          return;
        }
        const fn = typeof console[type] === 'function' ? console[type] : console.log;
        fn(...list); // args[0] is often a printf-style format string: pass through unchanged
      });
      await page.exposeFunction('codeAutomationExit', async (code, logs) => {
        try {
          for (const l of logs || []) {
            const f = path.join(logDir, 'workbench', l.relativePath);
            fs.mkdirSync(path.dirname(f), { recursive: true });
            fs.writeFileSync(f, l.contents);
          }
        } catch (e) { say(`could not save workbench logs: ${e.message}`); }
        finish(code === 0 ? 0 : 1, `tests ${code === 0 ? 'passed' : 'FAILED'} (exit ${code}) after ${elapsed()}`);
      });
      page.on('console', (m) => {
        const line = `[${m.type()}] ${m.text()}\n`;
        consoleLog.write(line);
        if (VERBOSE) process.stderr.write(`[browser] ${line}`);
      });
      page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e}\n`));
      page.on('crash', () => finish(1, 'the workbench page crashed'));
      page.on('close', () => finish(1, 'the workbench page closed before the tests reported a result'));
      browser.on('disconnected', () => finish(1, 'the browser disconnected before the tests reported a result'));
      await page.goto(url.href, { waitUntil: 'domcontentloaded', timeout: 60000 });
    } catch (e) {
      finish(1, `browser error: ${e.message}`);
    }
  }

  await done;
  clearTimeout(watchdog);
  await cleanup();
  if (exitCode !== 0) say(`logs: ${logDir} (code-server.log, browser-console.log, workbench/)`);
  process.exit(exitCode);
}

main().catch((e) => { say(`ERROR: ${e.stack || e}`); process.exit(1); });

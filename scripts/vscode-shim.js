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
 * Exit code: 0 when the test module's run() resolved; 1 when it rejected, failed to
 * load, or the run timed out / crashed; 2 for usage or setup errors; 130 on SIGINT/SIGTERM.
 *
 * CLI-only invocations (--version, --install-extension, --list-extensions,
 * --uninstall-extension, --show-versions, --help) are passed to code-server's CLI.
 *
 * Environment:
 *   CODE_SERVER_DIR          install folder (default <repo>/.vscode-test/code-server)
 *   VSCODE_SHIM_TIMEOUT_MS   watchdog for the whole run (default 900000: a limit for a hung run, not a speed)
 *   VSCODE_SHIM_LOG_DIR      where to save code-server, browser-console and workbench logs
 *                            (default <user-data-dir>/shim-logs)
 *   VSCODE_SHIM_CHROMIUM     browser executable (default /usr/bin/chromium)
 *   VSCODE_SHIM_VERBOSE=1    echo code-server output, browser console and workbench chatter
 */
'use strict';

const fs = require('fs');
const path = require('path');
const cs = require('./vscode-code-server');

const TIMEOUT_MS = Number(process.env.VSCODE_SHIM_TIMEOUT_MS || 900000);
const VERBOSE = !!process.env.VSCODE_SHIM_VERBOSE && process.env.VSCODE_SHIM_VERBOSE !== '0';
const START = Date.now();

const CLI_ONLY = ['--version', '-v', '--install-extension', '--uninstall-extension', '--list-extensions', '--show-versions', '--help', '-h'];
// Desktop flags with a value that may also be given as "--flag value".
const VALUE_FLAGS = new Set(['extensionTestsPath', 'extensionDevelopmentPath', 'extensions-dir', 'user-data-dir', 'locale']);
// Desktop flags that mean nothing here (Electron/desktop specific) and are ignored quietly.
const IGNORED_FLAGS = new Set([
  'no-sandbox', 'disable-gpu-sandbox', 'disable-gpu', 'disable-updates', 'skip-welcome', 'skip-release-notes',
  'disable-workspace-trust', 'disable-telemetry', 'disable-crash-reporter', 'new-window', 'n', 'wait',
  'disable-chromium-sandbox', 'disable-dev-shm-usage', 'verbose', 'disable-extensions',
]);
// Workbench start-up messages that reach codeAutomationLog along with the test output.
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/, /^Creating a socket/, /^Ignoring fetching additional builtin extensions/,
  /^\[Service Worker\]/, /^ChatSessionStore:/, /^Updating additional builtin extensions cache/,
];

function say(msg) { process.stderr.write(`[vscode-shim] ${msg}\n`); }
function elapsed() { return `${((Date.now() - START) / 1000).toFixed(1)} s`; }
function fail(msg, code = 2) { say(`ERROR: ${msg}`); process.exit(code); }

function parseArgs(argv) {
  const o = { devPaths: [], positional: [], unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) { o.positional.push(a); continue; }
    const m = /^--?([^=]+)(?:=([\s\S]*))?$/.exec(a);
    if (!m) { o.unknown.push(a); continue; }
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

async function main() {
  const argv = process.argv.slice(2);
  try { cs.checkInstalled(); } catch (e) { fail(e.message); }

  if (argv.some((a) => CLI_ONLY.includes(a.split('=')[0]))) {
    const r = cs.runCli(argv, { stdio: 'inherit' });
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
  try { require.resolve('playwright-core'); } catch (e) { fail(`playwright-core not found: ${e.message}`); }

  cs.seedSettings(userDataDir);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  const serverLog = fs.createWriteStream(path.join(logDir, 'code-server.log'));
  const consoleLog = fs.createWriteStream(path.join(logDir, 'browser-console.log'));

  // Kept as promises so that cleanup also catches a server/browser still starting.
  let serverP = Promise.resolve(undefined);
  let browserP = Promise.resolve(undefined);
  let finished = false;
  let exitCode = 1;
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
  const watchdog = setTimeout(
    () => finish(1, `TIMEOUT: no result after ${TIMEOUT_MS / 1000} s (raise VSCODE_SHIM_TIMEOUT_MS if needed)`), TIMEOUT_MS);

  (async () => {
    serverP = cs.startCodeServer({ userDataDir, extensionsDir, target, logStream: serverLog, verbose: VERBOSE, locale: opts.locale });
    const server = await serverP;
    if (finished) return;
    server.exited.then(({ code, signal }) => finish(1, `code-server exited unexpectedly (${code ?? signal})`));
    const authority = server.address.host; // 127.0.0.1:PORT
    const url = cs.workbenchUrl(server.address, {
      target,
      payload: [
        ...devPaths.map((p) => ['extensionDevelopmentPath', cs.toRemoteUri(authority, p)]),
        ['extensionTestsPath', cs.toRemoteUri(authority, testsPath)],
        ['skipWelcome', 'true'],
        ['skipReleaseNotes', 'true'],
      ],
    });
    say(`code-server listening on ${server.address.href} after ${elapsed()}; loading the workbench`);

    browserP = cs.launchBrowser();
    const browser = await browserP;
    if (finished) return;
    browser.on('disconnected', () => finish(1, 'the browser disconnected before the tests reported a result'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const list = Array.isArray(args) ? args : [args];
      if (!VERBOSE && typeof list[0] === 'string' && WORKBENCH_NOISE.some((re) => re.test(list[0]))) {
        consoleLog.write(`[workbench ${type}] ${list.join(' ')}\n`);
        return;
      }
      const fn = typeof console[type] === 'function' ? console[type] : console.log;
      fn(...list); // args[0] is often a printf-style format string: pass through unchanged
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      try {
        for (const l of logs || []) {
          const f = path.join(logDir, 'workbench', l.relativePath);
          fs.mkdirSync(path.dirname(f), { recursive: true });
          fs.writeFileSync(f, l.contents);
        }
      } catch (e) { say(`could not save the workbench logs: ${e.message}`); }
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
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  })().catch((e) => finish(1, `ERROR: ${e.message || e}`));

  await done;
  clearTimeout(watchdog);
  const browser = await browserP.catch(() => undefined);
  if (browser) await browser.close().catch(() => {});
  const server = await serverP.catch(() => undefined);
  if (server) await server.stop();
  await Promise.all([new Promise((r) => serverLog.end(r)), new Promise((r) => consoleLog.end(r))]);
  if (exitCode !== 0) say(`logs: ${logDir} (code-server.log, browser-console.log, workbench/)`);
  process.exit(exitCode);
}

main().catch((e) => { say(`ERROR: ${e.stack || e}`); process.exit(1); });

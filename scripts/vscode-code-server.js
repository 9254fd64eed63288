// Shared helpers to run code-server 4.100.3 (= VS Code 1.100.3, installed by
// scripts/install-code-server.sh) and headless Chromium for the extension's tests.
// Used by scripts/vscode-shim.js (integration tests) and test/ui/run.js (UI tests).
'use strict';

const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const CODE_SERVER_DIR = path.resolve(process.env.CODE_SERVER_DIR || path.join(ROOT, '.vscode-test', 'code-server'));
const ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.VSCODE_SHIM_CHROMIUM || '/usr/bin/chromium';

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

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Throws an Error with a clear message when code-server or Chromium is missing. */
function checkInstalled() {
  if (!fs.existsSync(ENTRY)) {
    throw new Error(`code-server is not installed (${ENTRY} missing). Run: bash scripts/install-code-server.sh`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing. Run: bash scripts/install-code-server.sh (installs Debian's chromium)`);
  }
}

/** Writes UD/User/settings.json: existing settings, overridden by SEEDED_SETTINGS and `extra`. */
function seedSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'settings.json');
  let existing = {};
  try { existing = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* missing or JSONC: replace */ }
  fs.writeFileSync(file, JSON.stringify({ ...existing, ...SEEDED_SETTINGS, ...extra }, null, 2) + '\n');
}

/**
 * Private temp folder for one run: code-server, its extension host and built-in
 * extensions leave sockets (vscode-ipc-*.sock) and folders (vscode-typescript*)
 * in TMPDIR / XDG_RUNTIME_DIR, and code-server writes config + heartbeat files
 * under XDG_CONFIG_HOME / XDG_DATA_HOME. Short path: unix sockets max out at 107 bytes.
 */
function makeRunTmp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-cs-'));
  const env = {
    TMPDIR: dir,
    XDG_RUNTIME_DIR: dir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
  };
  // code-server's default config (written on first use, with a random password) is replaced
  // by one of ours: keeps its "Wrote default config file" line out of the output.
  const configFile = path.join(env.XDG_CONFIG_HOME, 'code-server', 'config.yaml');
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  return { dir, env, configFile, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs code-server's CLI (e.g. --install-extension) synchronously; returns spawnSync's result. */
function runCli(args, { userDataDir, extensionsDir, stdio = 'pipe' } = {}) {
  const tmp = makeRunTmp();
  try {
    const full = [ENTRY, ...args];
    if (userDataDir) full.push('--user-data-dir', userDataDir);
    if (extensionsDir) full.push('--extensions-dir', extensionsDir);
    return cp.spawnSync(process.execPath, full, {
      stdio, encoding: 'utf8', env: { ...process.env, ...tmp.env }, timeout: 120000,
    });
  } finally {
    tmp.remove();
  }
}

/**
 * Starts code-server detached (own process group) on 127.0.0.1 with a free port.
 * Creates userDataDir and extensionsDir first: with a missing extensions folder even
 * the extension under development silently fails to load.
 * Resolves { address: URL, child, exited: Promise, stop(): Promise } once it listens;
 * rejects if it exits first or does not listen within startTimeoutMs.
 */
function startCodeServer({ userDataDir, extensionsDir, target, logStream, verbose = false, locale, env = {}, startTimeoutMs = 60000 }) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(userDataDir, { recursive: true });
  const tmp = makeRunTmp();

  const args = [
    ENTRY, '--config', tmp.configFile, '--auth', 'none', '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ];
  if (locale) args.push('--locale', locale);
  if (target) args.push(target);
  const child = cp.spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // EXTENSIONS_GALLERY='{}': otherwise failed gallery look-ups end up in the test output.
    env: { ...process.env, ...env, ...tmp.env, EXTENSIONS_GALLERY: '{}' },
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      const r = await Promise.race([exited, new Promise((res) => setTimeout(() => res('timeout'), 3000))]);
      if (r === 'timeout') { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    // The group may still hold children (extension host, pty host) after the server left.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    tmp.remove();
  }

  return new Promise((resolve, reject) => {
    let buf = '';
    let listening = false;
    const timer = setTimeout(() => {
      stop().then(() => reject(new Error(`code-server did not listen within ${startTimeoutMs / 1000} s`)));
    }, startTimeoutMs);
    const onData = (d) => {
      if (logStream) logStream.write(d);
      if (verbose) process.stderr.write(d);
      if (listening) return;
      buf += d.toString();
      const m = /HTTP server listening on (http:\/\/\S+)/.exec(buf);
      if (m) {
        listening = true;
        clearTimeout(timer);
        resolve({ address: new URL(m[1]), child, exited, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => {
      if (listening) return;
      clearTimeout(timer);
      tmp.remove();
      reject(new Error(`code-server exited before listening (${code ?? signal}):\n${buf.slice(-2000)}`));
    });
  });
}

/** vscode-remote://host:port/abs/path: loads in the Node extension host as a plain file path. */
function toRemoteUri(authority, absPath) {
  return `vscode-remote://${authority}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The workbench URL for a folder / .code-workspace (or an empty window) and optional payload pairs. */
function workbenchUrl(address, { target, payload } = {}) {
  const url = new URL(address.href);
  if (target && target.endsWith('.code-workspace')) url.searchParams.set('workspace', target);
  else if (target) url.searchParams.set('folder', target);
  else url.searchParams.set('ew', 'true');
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.href;
}

/** Headless Chromium through playwright-core, its crash reports and caches in a temp folder. */
async function launchBrowser() {
  const { chromium } = require('playwright-core');
  const tmp = makeRunTmp();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...tmp.env },
  });
  browser.once('disconnected', () => tmp.remove());
  return browser;
}

/** `vsce package` of the repository into `vsix` (the UI test and the editor bench install it). */
function packageVsix(vsix, timeout = 120000) {
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  fs.rmSync(vsix, { force: true });
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = cp.spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', vsix], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout,
  });
  if (r.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(`vsce package failed (exit ${r.status}):\n${(r.stdout || '') + (r.stderr || '')}`.trim());
  }
}

/** Installs `vsix` into code-server's extensions folder; returns code-server's output. */
function installVsix(vsix, { userDataDir, extensionsDir }) {
  const r = runCli(['--install-extension', vsix, '--force'], { userDataDir, extensionsDir });
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing the .vsix failed (exit ${r.status}):\n${out}`.trim());
  }
  return out;
}

module.exports = {
  ROOT, CODE_SERVER_DIR, ENTRY, CHROMIUM, SEEDED_SETTINGS,
  checkInstalled, seedSettings, runCli, startCodeServer, toRemoteUri, workbenchUrl, launchBrowser, packageVsix, installVsix,
};

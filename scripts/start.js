#!/usr/bin/env node
// `npm start`: build, then open VS Code with BCE Lens loaded on the sample workspace. A desktop
// VS Code is used when one is found (VSCODE_EXECUTABLE_PATH, or `code` on the PATH); otherwise
// code-server 4.100.3 (installed by scripts/install-code-server.sh) on a local port, URL printed.
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const samples = path.join(root, 'samples');

function desktopCode() {
  if (process.env.VSCODE_EXECUTABLE_PATH) return process.env.VSCODE_EXECUTABLE_PATH;
  const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  // code-server's own `code` shim is not a desktop VS Code.
  return found && !found.includes('code-server') ? found : undefined;
}

async function main() {
  execFileSync('node', ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  const code = desktopCode();
  if (code) {
    console.log(`Opening ${samples} in ${code} with BCE Lens loaded from ${root}`);
    spawn(code, [`--extensionDevelopmentPath=${root}`, samples], { stdio: 'inherit', detached: true }).unref();
    return;
  }
  execFileSync('bash', [path.join(__dirname, 'install-code-server.sh')], { stdio: 'inherit' });
  const cs = require('./vscode-code-server');
  const state = path.join(root, '.vscode-test', 'start');
  const userDataDir = path.join(state, 'user-data');
  const extensionsDir = path.join(state, 'extensions');
  fs.mkdirSync(userDataDir, { recursive: true });
  cs.seedSettings(userDataDir, { 'workbench.startupEditor': 'readme' });
  const server = await cs.startCodeServer({ userDataDir, extensionsDir, target: samples });
  const url = cs.workbenchUrl(server.address, {
    target: samples,
    payload: [['extensionDevelopmentPath', cs.toRemoteUri(server.address.host, root)]],
  });
  console.log('\nBCE Lens is running in code-server (VS Code 1.100.3). Open this URL in a browser:\n');
  console.log(`  ${url}\n`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const { code: exitCode, signal } = await server.exited;
  console.error(`code-server stopped (${exitCode ?? signal})`);
  await server.stop();
  process.exit(1);
}

main().catch((e) => {
  console.error(`npm start: ${e.message}`);
  process.exit(1);
});

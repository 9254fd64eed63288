// What every bench script does: build dist/ first, and run a command timed by the clock with its
// peak RSS from /usr/bin/time -v when the machine has it.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** The production build (node esbuild.js --production); exits when it fails. */
function buildDist() {
  process.stdout.write('… building dist/ (node esbuild.js --production)\n');
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** Runs a command from the repository's root; throws when it fails. rssKiB is undefined without /usr/bin/time. */
function measure(cmd, args, env = {}) {
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const options = { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } };
  const start = process.hrtime.bigint();
  const r = timeBin ? spawnSync(timeBin, ['-v', cmd, ...args], options) : spawnSync(cmd, args, options);
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-800)}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { wall, rssKiB: m ? Number(m[1]) : undefined, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A bench script run by node directly: `--child ARGS…` runs `child` (the part timed in a fresh
 * process), anything else `main` with `--runs N` (default `runs`). A failing child exits 1.
 */
function runScript(mod, { main, child, runs }) {
  if (require.main !== mod) return;
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    Promise.resolve()
      .then(() => child(...process.argv.slice(at + 1)))
      .catch((e) => {
        console.error(e);
        process.exit(1);
      });
  } else main(Number(process.argv[process.argv.indexOf('--runs') + 1]) || runs);
}

module.exports = { buildDist, measure, runScript };

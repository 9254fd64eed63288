// `npm run bench -- --instructions`: the CLI's work counted in instructions, which, unlike wall
// time, does not move with the shared machine's speed. valgrind's callgrind counts every
// instruction the process runs (`node --single-threaded`, so that V8 compiles on the counted
// thread too); the difference between 1e6 and 3e6 rows gives the cost of a row, and the rest is
// the fixed cost (Node's start, the bundle, compilation). One thread: callgrind runs threads one
// at a time, so it cannot show what two threads gain.
'use strict';
const { spawnSync } = require('node:child_process');

/** Instructions of one run, or undefined when valgrind is missing. */
function count(args) {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--smc-check=all-non-file', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) return undefined;
  if (r.status !== 0) throw new Error(`valgrind ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-800)}`);
  const m = /Collected\s*:\s*(\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no instruction count in valgrind's output: ${r.stderr.slice(-400)}`);
  return Number(m[1]);
}

/**
 * Counts `cli --workers 1` on two files (path, rows) and `node -e 0`. Returns per-row and fixed
 * instructions, or undefined when valgrind is not installed.
 */
function countInstructions(cli, files) {
  const empty = count(['-e', '0']);
  if (empty === undefined) return undefined;
  const [a, b] = files.map((f) => count([cli, '--workers', '1', f.path]));
  const perRow = (b - a) / (files[1].rows - files[0].rows);
  return { perRow, fixed: a - perRow * files[0].rows, node: empty };
}

module.exports = { countInstructions };

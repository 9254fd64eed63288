#!/usr/bin/env node
// `npm run bench -- --hostile`: the bad and extreme inputs of issue 11, each made in a temporary
// folder at the size the issue names and given to the built CLI (dist/cli.js), with the wall time,
// the peak RSS (/usr/bin/time), the exit code and the first line of stderr. Issue 11's bar: every bad
// input under 100 MB answered within 10 s and 500 MB, with one line of at most 300 characters and no
// stack trace. `--big` adds the inputs past 100 MB (a 600 MB JSON file, 1e7 and 3e7 rows with
// --reduction none beside the mean on the same file, a 5 GB CSV on standard input), whose bar is
// flat memory (≤ 120 MiB; --reduction none ≤ 1.3× the mean's peak RSS) instead.
// `--only ITEM` runs one item's cases (`npm run bench -- --hostile --big --only 9`).
// Durations live here, never in a test: these machines are shared and noisy.
'use strict';
const { spawnSync } = require('node:child_process');
const { buildDist } = require('./measure');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { zipSync } = require('fflate');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const LIMIT_S = 10;
const LIMIT_MB = 500;
const FLAT_MIB = 120;
const MAX_LINE = 300;
/** --reduction none streams: its peak RSS at most this many times the mean's on the same file. */
const PEER_RSS = 1.3;

/** A .npy file of float64 values (format 1.0: magic, version, header length, a dict padded to 64 bytes). */
function npy(values, shape = [values.length]) {
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + dict.length + 1) % 64);
  const header = Buffer.from(`${dict}${' '.repeat(pad % 64)}\n`, 'latin1');
  const head = Buffer.alloc(10);
  Buffer.from([0x93]).copy(head, 0);
  head.write('NUMPY', 1, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(new Float64Array(values).buffer);
  return Buffer.concat([head, header, body]);
}

/** A constant float64 .npy of n values without building an n-element JavaScript array. */
function constantNpy(n, value) {
  const head = npy([], [n]);
  const body = Buffer.alloc(n * 8);
  if (value !== 0) for (let i = 0; i < n; i++) body.writeDoubleLE(value, i * 8);
  return Buffer.concat([head, body]);
}

const rows = (n, row) => row.repeat(n);

/** Each case: what it is (issue 11's item), how to make it, the CLI's arguments, and what must happen. */
function cases(dir, big) {
  const file = (name, content) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  const list = [
    { item: '1', name: 'unclosed quote, then 2.4 MB of rows', make: () => [file('q.csv', 'y_true,y_pred\n1,.9\n0,"0.2\n' + rows(200_000, '1,0.7\n'))], exit: 2 },
    { item: '2', name: 'the same with --on-invalid skip', make: () => [path.join(dir, 'q.csv'), '--on-invalid', 'skip'], exit: 2 },
    { item: '3', name: 'CSV field of 200,000 digits and an x', make: () => [file('long-field.csv', `y_true,y_pred\n1,${'1'.repeat(200_000)}x\n`)], exit: 2 },
    { item: '3', name: 'header name of 40,000 digits and an x', make: () => [file('long-header.csv', `y_true,${'1'.repeat(40_000)}x\n1,0.5\n`)], exit: 2 },
    { item: '3', name: 'selection float("1…1x") of 100,000 digits', make: () => [file('long.py', `y_true = [1]\ny_pred = [float("${'1'.repeat(100_000)}x")]\n`), '--format', 'text'], exit: 2 },
    {
      item: '4',
      name: '.npz of 2000 members (20 MB)',
      make: () => {
        const members = { 'y_true.npy': npy(Array.from({ length: 1000 }, (_, i) => i % 2)), 'y_pred.npy': npy(Array.from({ length: 1000 }, () => 0.5)) };
        for (let i = 0; i < 1998; i++) members[`extra_${i}.npy`] = npy(new Array(1250).fill(0.25));
        return [file('many.npz', zipSync(members, { level: 0 }))];
      },
      exit: 0,
    },
    {
      item: '5',
      name: 'named pipe',
      shell: (() => {
        const fifo = path.join(dir, 'pipe.csv');
        return `rm -f ${fifo}; mkfifo ${fifo}; (printf 'y_true,y_pred\\n1,0.9\\n0,0.2\\n' > ${fifo} &) ; node ${cli} ${fifo}`;
      })(),
      exit: 0,
    },
    { item: '5', name: 'process substitution <(cat x.csv) --format csv', shell: `node ${cli} <(printf 'y_true,y_pred\\n1,0.9\\n0,0.2\\n') --format csv`, exit: 0 },
    {
      item: '6',
      name: 'compressed .npz of 2 × 5e7 values (savez_compressed)',
      make: () => [file('big-compressed.npz', zipSync({ 'y_true.npy': constantNpy(5e7, 0), 'y_pred.npy': constantNpy(5e7, 0.5) }, { level: 9 }))],
      exit: 0,
      flat: true,
    },
    {
      item: '6',
      name: 'zip bomb: a member whose inflated size disagrees with its header',
      make: () => {
        const zip = Buffer.from(zipSync({ 'y_true.npy': npy([1, 0]), 'y_pred.npy': constantNpy(2e8, 0.5) }, { level: 9 }));
        // Shrink the declared uncompressed size of the second member (local header and central directory).
        const declared = 10 + 128 + 16;
        for (let at = zip.indexOf('PK\x03\x04', 30); at >= 0 && at < zip.length; at = zip.indexOf('PK\x03\x04', at + 4)) zip.writeUInt32LE(declared, at + 22);
        for (let at = zip.indexOf('PK\x01\x02'); at >= 0; at = zip.indexOf('PK\x01\x02', at + 4)) if (zip.readUInt32LE(at + 24) > 1e6) zip.writeUInt32LE(declared, at + 24);
        return [file('bomb.npz', zip)];
      },
      exit: 2,
    },
    { item: '8', name: 'CSV row of 50 MB', make: () => [file('long-row.csv', `y_true,y_pred\n1,${'0'.repeat(50e6)}\n`)], exit: 2 },
    { item: '8', name: 'CSV header of 50 MB', make: () => [file('long-head.csv', `y_true,y_pred${',x'.repeat(25e6)}\n1,0.5\n`)], exit: 2 },
    { item: '8', name: 'JSON Lines record of 50 MB', make: () => [file('long.jsonl', `{"y_true": 1, "y_pred": 0.5, "note": "${'x'.repeat(50e6)}"}\n`)], exit: 2 },
    { item: '9', name: '--reduction none | head -1 (EPIPE)', shell: `node ${cli} ${path.join(dir, 'q-ok.csv')} --semantics torch --reduction none | head -1`, before: () => file('q-ok.csv', 'y_true,y_pred\n' + rows(100_000, '1,0.7\n')), exit: 0 },
    {
      item: '10',
      name: 'selection of 10^6 elements (--format text)',
      make: () => [file('million.py', `y_true = [${rows(500_000, '0, ').slice(0, -2)}]\ny_pred = [${rows(500_000, '0.25, ').slice(0, -2)}]\n`), '--format', 'text'],
      exit: 0,
    },
    { item: '11', name: 'JSON nested 10^6 deep', make: () => [file('deep.json', '['.repeat(1e6) + ']'.repeat(1e6))], exit: 2 },
    { item: '11', name: '{"y_true": <10^6 deep>}', make: () => [file('deep2.json', '{"y_true": ' + '['.repeat(1e6) + ']'.repeat(1e6) + '}')], exit: 2 },
    { item: '14', name: 'JSON {"y_pred":[0.9,1e999]}', make: () => [file('inf.json', '{"y_true":[1,0],"y_pred":[0.9,1e999]}')], exit: 2, place: /1:(2[7-9]|3\d)/ },
    { item: '14', name: 'JSON Lines NaN', make: () => [file('nan.jsonl', '{"y_true": 1, "y_pred": 0.5}\n{"y_true": 1, "y_pred": NaN}\n')], exit: 2, place: /2:2\d/ },
    { item: '16', name: 'UTF-16 CSV', make: () => [file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('y_true,y_pred\n1,0.9\n', 'utf16le')]))], exit: 2, message: /UTF-16/i },
    { item: '16', name: 'CR-only line ends', make: () => [file('cr.csv', 'y_true,y_pred\r1,0.9\r0,0.2\r')], exit: 2, message: /carriage return/ },
    { item: '16', name: 'two columns for one role', make: () => [file('dup.csv', 'y_true,y_true,y_pred\n1,1,0.9\n')], exit: 2, message: /y_true.*y_true|two|both/i },
    { item: '18', name: '"5." switches to logits and says where', make: () => [file('five.csv', 'y_true,y_pred\n1,0.9\n0,5.\n')], exit: 0, message: /3:3|line 3/ },
  ];
  if (big) {
    list.push(
      // Item 9: --reduction none streams; its time and peak RSS beside the mean's on the same file, in the same run.
      ...[1e7, 3e7].flatMap((n) => {
        const name = `rows-${n.toExponential().replace('+', '')}.csv`;
        const csv = path.join(dir, name);
        const mean = `${n.toExponential().replace('+', '')} rows, --reduction mean (the peer)`;
        return [
          { item: '9', name: mean, shell: `node ${cli} ${csv} --semantics torch > /dev/null`, before: () => file(name, 'y_true,y_pred\n' + rows(n, '1,0.7\n')), exit: 0, flat: true },
          { item: '9', name: `${n.toExponential().replace('+', '')} rows, --reduction none > /dev/null`, shell: `node ${cli} ${csv} --semantics torch --reduction none > /dev/null`, exit: 0, peer: mean },
          { item: '9', name: `${n.toExponential().replace('+', '')} rows, --reduction none --json > /dev/null`, shell: `node ${cli} ${csv} --semantics torch --reduction none --json > /dev/null`, exit: 0, peer: mean },
          { item: '9', name: `${n.toExponential().replace('+', '')} rows, none --from-logits false > /dev/null`, shell: `node ${cli} ${csv} --semantics torch --reduction none --from-logits false > /dev/null`, exit: 0, peer: mean },
          { item: '9', name: `${n.toExponential().replace('+', '')} rows, none --from-logits false | head -5`, shell: `node ${cli} ${csv} --semantics torch --reduction none --from-logits false | head -5`, exit: 0, peer: mean },
        ];
      }),
      {
        item: '12',
        name: 'JSON file of 600 MB',
        before: () => {
          const p = path.join(dir, 'big.json');
          const fd = fs.openSync(p, 'w');
          const n = 6e7;
          fs.writeSync(fd, '{"y_true": [');
          for (let i = 0; i < n; i += 1e6) fs.writeSync(fd, (i ? ', ' : '') + rows(1e6, '1, ').slice(0, -2));
          fs.writeSync(fd, '], "y_pred": [');
          for (let i = 0; i < n; i += 1e6) fs.writeSync(fd, (i ? ', ' : '') + rows(1e6, '0.7, ').slice(0, -2));
          fs.writeSync(fd, ']}');
          fs.closeSync(fd);
          return p;
        },
        shell: `node ${cli} ${path.join(dir, 'big.json')}`,
        exit: 0,
        flat: true,
      },
      { item: '7', name: '5 GB CSV on standard input', shell: `node -e "const b=Buffer.from('1,0.7\\n'.repeat(1<<20));process.stdout.write('y_true,y_pred\\n');let k=0;(function w(){while(k<820){k++;if(!process.stdout.write(b))return process.stdout.once('drain',w);}process.stdout.end()})()" | node ${cli} - --format csv`, exit: 0, flat: true },
    );
  }
  return list;
}

function run(c) {
  const command = c.shell ?? [process.execPath, cli, ...c.args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const stats = path.join(os.tmpdir(), `bce-lens-hostile-${process.pid}.time`);
  // /usr/bin/time -a follows the whole pipeline's largest process: each process of it appends a line.
  const wrapped = c.shell ? `set -o pipefail; ${command.replace(/\bnode /g, `/usr/bin/time -a -o ${stats} -f '%e %M' node `)}` : `/usr/bin/time -o ${stats} -f '%e %M' ${command}`;
  fs.rmSync(stats, { force: true });
  const t = process.hrtime.bigint();
  const p = spawnSync('bash', ['-c', wrapped], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const lines = fs.existsSync(stats) ? fs.readFileSync(stats, 'utf8').trim().split('\n').filter((l) => /^\d/.test(l)) : [];
  const peakMB = Math.max(0, ...lines.map((l) => Number(l.split(' ')[1]) / 1024));
  const stderr = (p.stderr ?? '').split('\n').filter((l) => l && !/^Command exited with non-zero status|^\d+\.\d+ \d+$/.test(l));
  return { code: p.status, signal: p.signal, wall, peakMB, stderr };
}

function main() {
  const big = process.argv.includes('--big');
  // --only 9: the cases of one item of the issue (e.g. --big --only 9 skips the 5 GB and 600 MB inputs).
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  buildDist();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-lens-hostile-'));
  let failed = 0;
  const seen = new Map();
  console.log('item  case                                                       exit  wall s  peak MB  stderr');
  try {
    for (const c of cases(dir, big).filter((k) => only === undefined || k.item === only)) {
      if (c.before) c.before();
      if (c.make) c.args = c.make();
      const r = run(c);
      const first = r.stderr[0] ?? '';
      const problems = [];
      if (r.code !== c.exit) problems.push(`exit ${r.code ?? r.signal}, expected ${c.exit}`);
      seen.set(c.name, r);
      const peer = c.peer ? seen.get(c.peer) : undefined;
      if (peer) {
        if (r.peakMB > PEER_RSS * peer.peakMB) problems.push(`peak ${r.peakMB.toFixed(0)} MB, over ${PEER_RSS}× the peer's`);
      } else if (c.flat ? r.peakMB > FLAT_MIB * 1.048576 : r.peakMB > LIMIT_MB) problems.push(`peak ${r.peakMB.toFixed(0)} MB`);
      if (!c.flat && !c.peer && r.wall > LIMIT_S) problems.push(`${r.wall.toFixed(1)} s`);
      if (r.stderr.some((l) => /^\s+at /.test(l))) problems.push('stack trace');
      if (c.exit === 2 && r.stderr.length !== 1) problems.push(`${r.stderr.length} stderr lines`);
      if (r.stderr.some((l) => l.length > MAX_LINE)) problems.push(`a line of ${Math.max(...r.stderr.map((l) => l.length))} characters`);
      if (c.place && !c.place.test(first)) problems.push('place not named');
      if (c.message && !c.message.test(r.stderr.join(' '))) problems.push(`message ${c.message} missing`);
      if (problems.length) failed++;
      console.log(
        `${c.item.padEnd(5)} ${c.name.slice(0, 58).padEnd(58)} ${String(r.code ?? r.signal).padEnd(5)} ${r.wall.toFixed(2).padStart(6)}  ${r.peakMB.toFixed(0).padStart(7)}  ${first.slice(0, 110)}` +
          (peer ? `\n      beside the peer: time ×${(r.wall / peer.wall).toFixed(2)}, peak RSS ×${(r.peakMB / peer.peakMB).toFixed(2)}` : '') +
          (problems.length ? `\n      ✗ ${problems.join('; ')}` : ''),
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${failed ? `${failed} case(s) miss the bar` : 'every case within the bar'} (≤ ${LIMIT_S} s, ≤ ${LIMIT_MB} MB, one stderr line ≤ ${MAX_LINE} characters, no stack trace${big ? `; big inputs ≤ ${FLAT_MIB} MiB, --reduction none ≤ ${PEER_RSS}× the mean's peak` : ''})`);
  process.exitCode = failed ? 1 : 0;
}

module.exports = { main };
if (require.main === module) main();

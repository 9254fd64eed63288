import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { cliMain, runCliAsync, type CliHooks } from '../../src/cli/main';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { FileReadError, fileSource } from '../../src/cli/source';
import { npy, npz, prng } from './inputs/filesHelpers';

const root = join(__dirname, '../..');
const example = (name: string) => join(root, 'examples', name);

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function cli(argv: string[], stdin = '', hooks: CliHooks = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCliAsync(argv, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: () => stdin }, hooks);
  return { code, out, err };
}

const num = (r: Run) => Number(r.out[0]);

describe('CLI: published values from every input', () => {
  it('examples/*.json give the Keras and sklearn docstring values', async () => {
    assert.equal(num(await cli([example('keras-logits.json')])).toFixed(7), '0.8654579');
    assert.equal(num(await cli([example('keras-multilabel.json')])).toFixed(4), '0.8149');
    assert.equal(num(await cli([example('keras-multilabel-weighted.json')])).toFixed(4), '0.4581');
    assert.equal(num(await cli([example('keras-multilabel.json'), '--reduction', 'sum'])).toFixed(4), '1.6298');
    const none = await cli([example('keras-multilabel.json'), '--reduction', 'none']);
    assert.deepEqual(
      none.out.join('\n').split('\n').map((v) => Number(Number(v).toFixed(4))),
      [0.9163, 0.7136],
    );
    assert.equal(num(await cli([example('sklearn-spam.json'), '--semantics', 'sklearn'])).toFixed(5), '0.21616');
  });

  it('reads standard input like a selection by default (JSON, Python, rows), and data formats when told', async () => {
    assert.equal(num(await cli(['-'], '{"y_true": [0, 1, 0, 0], "y_pred": [-18.6, 0.51, 2.94, -12.8]}')).toFixed(7), '0.8654579');
    assert.equal(num(await cli([], 'y_true = [0, 1, 0, 0]\nlogits = [-18.6, 0.51, 2.94, -12.8]\n')).toFixed(7), '0.8654579');
    assert.equal(num(await cli(['-', '--format', 'csv'], 'y_true,logits\n0,-18.6\n1,0.51\n0,2.94\n0,-12.8\n')).toFixed(7), '0.8654579');
    assert.equal(num(await cli(['-', '--format', 'jsonl'], '{"y":0,"p":0.5}\n{"y":1,"p":0.5}\n')).toFixed(6), '0.693147');
  });
});

describe('CLI: files that are not plain files, and files that change', () => {
  it('reads a named pipe once, sequentially (it used to open it twice and wait forever)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bce-fifo-'));
    try {
      const fifo = join(dir, 'f.csv');
      spawnSync('mkfifo', [fifo]);
      const writer = spawn('sh', ['-c', `printf 'y_true,y_pred\\n1,0.9\\n0,0.2\\n' > '${fifo}'`]);
      const r = await cli([fifo]);
      writer.kill();
      assert.equal(r.code, 0, r.err.join('\n'));
      assert.ok(Math.abs(num(r) - -(Math.log(0.9) + Math.log(0.8)) / 2) < 1e-15);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file whose size changed since it was opened is an error, not the loss of part of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bce-cut-'));
    try {
      const path = join(dir, 'a.csv');
      writeFileSync(path, 'y_true,y_pred\n1,0.9\n0,0.2\n1,0.7\n');
      const data = fileSource(path);
      data.checkUnchanged();
      writeFileSync(path, 'y_true,y_pred\n1,0.9\n');
      assert.throws(() => data.checkUnchanged(), (e: Error) => e instanceof FileReadError && /changed while it was read: 32 bytes when opened, 20 now/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI: metrics beside the loss', () => {
  const text = 'y_true = [1, 0, 1, 1, 0, 0, 1, 0]\ny_pred = [0.9, 0.2, 0.6, 0.4, 0.3, 0.55, 0.8, 0.1]\n';
  it('--metrics prints the base-rate loss and skill, Brier, ROC AUC and the rest after the loss', async () => {
    const r = await cli(['-', '--metrics'], text);
    assert.equal(r.code, 0);
    const all = r.out.join('\n');
    // scikit-learn 1.2.1: roc_auc_score 0.9375, 1 − log_loss / log_loss(base rate) 0.41583345850084985.
    assert.match(all, /ROC AUC 0\.9375, average precision 0\.95/);
    assert.match(all, /predicting it costs 0\.693147; skill 0\.415833/);
    assert.match(all, /best F1 at ŷ ≥ 0\.4: .*F1 0\.888889/);
  });
  it('--json carries "metrics", one entry per label', async () => {
    const r = await cli(['-', '--json'], text);
    const m = (JSON.parse(r.out[0]) as { metrics: { rocAuc: number; skill: number }[] }).metrics;
    assert.equal(m.length, 1);
    assert.equal(m[0].rocAuc, 0.9375);
    assert.ok(Math.abs(m[0].skill - 0.41583345850084985) < 1e-12);
  });
  it('soft labels: the loss, and a warning that says why there are no metrics', async () => {
    const r = await cli(['-', '--metrics'], 'y_true = [0.2, 0.9]\ny_pred = [0.3, 0.8]\n');
    assert.equal(r.code, 0);
    assert.ok(Number.isFinite(Number(r.out[0])));
    assert.doesNotMatch(r.out.join('\n'), /ROC AUC/);
    assert.match(r.err.join('\n'), /warning: no metrics: metrics need labels 0 or 1 \(hard labels\), got 0\.2/);
  });
});

describe('CLI: metrics of data files', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'bce-cli-metrics-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const csv = 'y_true,y_pred\n1,0.9\n0,0.2\n1,0.6\n1,0.4\n0,0.3\n0,0.55\n1,0.8\n0,0.1\n';

  it('--metrics prints the same table as for text, without a warning; --json --metrics carries "metrics"', async () => {
    const f = join(dir, 'm.csv');
    writeFileSync(f, csv);
    const r = await cli([f, '--metrics', '--semantics', 'sklearn']);
    assert.equal(r.code, 0);
    assert.deepEqual(r.err, []);
    // scikit-learn 1.2.1 on these eight rows (the text test above): roc_auc_score 0.9375.
    assert.match(r.out.join('\n'), /ROC AUC 0\.9375, average precision 0\.95/);
    assert.match(r.out.join('\n'), /best F1 at ŷ ≥ 0\.4: .*F1 0\.888889/);
    assert.equal(JSON.parse((await cli([f, '--json'])).out[0]).metrics, undefined, 'a data file has metrics with --metrics only');
    const j = await cli([f, '--json', '--metrics', '--workers', '3', '--semantics', 'sklearn'], '', { inlineSplit: true, splitBytes: 1, segmentBytes: 16 });
    const m = (JSON.parse(j.out[0]) as { metrics: { rocAuc: number; skill: number; errorBound?: unknown }[] }).metrics;
    assert.equal(m[0].rocAuc, 0.9375);
    assert.ok(Math.abs(m[0].skill - 0.41583345850084985) < 1e-12);
    assert.equal(m[0].errorBound, undefined, 'exact');
  });

  it('--metrics prints a file’s findings after the table; --json has them with --metrics, and says so without', async () => {
    const f = join(dir, 'twice.csv');
    // Every probability in [σ(0), σ(1)]: a sigmoid applied twice.
    writeFileSync(f, 'y_true,y_pred\n1,0.71\n0,0.55\n1,0.69\n0,0.52\n1,0.6\n0,0.58\n');
    const r = await cli([f, '--metrics']);
    assert.equal(r.code, 0);
    assert.match(r.out.join('\n'), /^warning: sigmoid-twice: every prediction lies in \[0\.5, 0\.7311\].*Without the second one the loss is \d/m);
    const j = JSON.parse((await cli([f, '--json', '--metrics'])).out[0]) as { findings: { code: string; evidence: Record<string, number> }[]; findingsNote: string };
    assert.deepEqual(j.findings.map((x) => x.code), ['sigmoid-twice']);
    assert.equal(typeof j.findings[0].evidence.lossWithoutSecondSigmoid, 'number');
    assert.match(j.findingsNote, /broadcast-trap is looked for in selections only/);
    const plain = JSON.parse((await cli([f, '--json'])).out[0]) as { findings?: unknown; findingsNote: string };
    assert.equal(plain.findings, undefined);
    assert.match(plain.findingsNote, /come with --metrics/);
  });

  it('soft labels in a file: the loss, and a warning naming why there are no metrics', async () => {
    const f = join(dir, 's.csv');
    writeFileSync(f, 'y_true,y_pred\n0.2,0.3\n0.9,0.8\n');
    const r = await cli([f, '--metrics']);
    assert.equal(r.code, 0);
    assert.match(r.err.join('\n'), /warning: no metrics: the metrics need labels 0 or 1 \(hard labels\), got 0\.2/);
    const j = JSON.parse((await cli([f, '--json', '--metrics'])).out[0]) as { metricsNote: string };
    assert.match(j.metricsNote, /hard labels/);
  });
});

describe('CLI: data files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bce-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: string | Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };

  it('reads CSV, TSV, JSON Lines, .npy and .npz by extension', async () => {
    const expected = 0.8654579497810972;
    const y = [0, 1, 0, 0];
    const x = [-18.6, 0.51, 2.94, -12.8];
    const files = [
      write('a.csv', 'y_true,logits\n' + y.map((v, i) => `${v},${x[i]}`).join('\n')),
      write('a.tsv', 'y_true\tlogits\n' + y.map((v, i) => `${v}\t${x[i]}`).join('\n')),
      write('a.jsonl', y.map((v, i) => JSON.stringify({ y_true: v, logits: x[i] })).join('\n')),
      write('a.npz', npz({ 'y_true.npy': npy({ descr: '<i8', shape: [4], values: y }), 'logits.npy': npy({ descr: '<f8', shape: [4], values: x }) })),
    ];
    for (const f of files) assert.ok(Math.abs(num(await cli([f])) - expected) < 1e-15, f);
    const n = write('a.npy', npy({ descr: '<f8', shape: [4, 2], values: y.flatMap((v, i) => [v, x[i]]) }));
    assert.ok(Math.abs(num(await cli([n, '--from-logits', 'true'])) - expected) < 1e-15);
    assert.ok(Math.abs(num(await cli([write('a.data', 'y_true,logits\n0,-18.6\n1,0.51\n0,2.94\n0,-12.8\n')])) - expected) < 1e-15, 'unknown extension: sniffed');
  });

  it('--json adds the format, the columns, invalid rows and epochs', async () => {
    const f = write('e.csv', 'epoch,split,target,score,w\n1,train,1,0.9,1\n1,val,0,0.2,1\n2,train,1,bad,1\n2,train,0,0.4,2\n');
    const r = await cli([f, '--json', '--on-invalid', 'skip', '--weight', 'w']);
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out[0]);
    assert.equal(j.format, 'csv');
    assert.deepEqual(j.columns, { yTrue: ['target'], yPred: ['score'], weight: 'w', epoch: 'epoch', split: 'split' });
    assert.equal(j.invalidRows, 1);
    assert.deepEqual(j.firstInvalid, { line: 4, column: 11, text: 'bad', reason: 'expected a number in column "score"' });
    assert.deepEqual(
      j.epochs.map((e: { epoch: string; split: string; n: number }) => [e.epoch, e.split, e.n]),
      [
        ['1', 'train', 1],
        ['1', 'val', 1],
        ['2', 'train', 1],
      ],
    );
    assert.equal(j.n, 3);
    assert.match(r.err.join('\n'), /warning: skipped 1 invalid row\(s\); the first at .*e\.csv:4:11: expected a number in column "score", found "bad"/);
    const human = await cli([f, '--on-invalid', 'skip']);
    assert.equal(human.out[1], 'epoch\tsplit\tloss\tn');
  });

  it('takes the columns given, and numbers them without a header', async () => {
    const f = write('c.csv', 'a,b,c\n0.9,1,x\n0.2,0,y\n');
    const r = await cli([f, '--y-true', 'b', '--y-pred', 'a', '--json']);
    assert.deepEqual(JSON.parse(r.out[0]).columns, { yTrue: ['b'], yPred: ['a'] });
    const g = write('g.csv', '0.9,1\n0.2,0\n');
    const s = await cli([g, '--y-true', '2', '--y-pred', '1']);
    assert.equal(num(s), JSON.parse(r.out[0]).loss);
  });

  it('bad input: one line on stderr naming file:line:column and what was expected, exit code 2', async () => {
    const f = write('bad.csv', 'y_true,y_pred\n1,0.5\n0,zero\n');
    const r = await cli([f]);
    assert.equal(r.code, 2);
    assert.deepEqual(r.err, [`bce-lens: ${f}:3:3: expected a number in column "y_pred", found "zero"`]);
    const missing = await cli([write('m.csv', 'a,b\n1,2\n')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err[0], /m\.csv:1:1: no column of labels/);
    const soft = await cli([write('s.csv', 'y_true,y_pred\n1,0.5\n0.5,0.5\n'), '--semantics', 'sklearn']);
    assert.equal(soft.code, 2);
    assert.match(soft.err[0], /s\.csv:3:1: scikit-learn log_loss treats labels as classes/);
    const none = await cli([join(dir, 'nope.csv')]);
    assert.equal(none.code, 2);
    assert.match(none.err[0], /nope\.csv: cannot read: ENOENT/);
    const npyBad = await cli([write('one.npy', npy({ descr: '<f8', shape: [3], values: [0, 1, 0] }))]);
    assert.equal(npyBad.code, 2);
    assert.match(npyBad.err[0], /a single \.npy has shape \(3,\)/);
    const text = await cli(['-'], 'y_true = [0, 1]\ny_pred = [0.5]\n');
    assert.equal(text.code, 2);
    assert.equal(text.err.length, 1);
    // Errors the core finds in text input are placed at the element through the parser's ranges.
    const label = await cli(['-'], '# labels\ny_true = [0, 1, 2]\ny_pred = [0.1, 0.9, 0.3]\n');
    assert.equal(label.code, 2);
    assert.deepEqual(label.err, ['bce-lens: <stdin>:2:17: y_true[2]: expected a label in [0, 1], got 2']);
    const nan = await cli(['-'], 'y_true = [0, 1, 1]\ny_pred = [0.1, nan, 0.3]\n');
    assert.deepEqual(nan.err, ['bce-lens: <stdin>:2:16: y_pred[1]: expected a finite prediction, got NaN']);
  });

  it('reads Parquet and Arrow by extension and by magic bytes; --format parquet|arrow; a CSV named .parquet is refused', async () => {
    const fixtures = join(root, 'test/fixtures/columnar');
    const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<string, { loss: number }>;
    for (const name of ['snappy.parquet', 'zstd.feather', 'stream.arrows']) {
      const r = await cli([join(fixtures, name), '--json']);
      assert.equal(r.code, 0, r.err.join('\n'));
      const j = JSON.parse(r.out[0]);
      assert.ok(Math.abs(j.loss - expected[name].loss) <= 1e-12 * expected[name].loss, name);
      assert.equal(j.format, name.endsWith('.parquet') ? 'parquet' : 'arrow');
      // The file's facts (the reader's tests check each field).
      assert.deepEqual([j.facts.container, j.facts.compression], name.endsWith('.parquet') ? ['Parquet', ['SNAPPY']] : name.endsWith('.feather') ? ['Arrow IPC file', ['ZSTD']] : ['Arrow IPC stream', ['UNCOMPRESSED']]);
    }
    const split = await cli([join(fixtures, 'epochs.parquet'), '--workers', '2', '--split', 'split', '--epoch', 'epoch'], '', { inlineSplit: true, splitBytes: 1 });
    assert.equal(split.code, 0, split.err.join('\n'));
    assert.ok(Math.abs(num(split) - expected['epochs.parquet'].loss) <= 1e-12);
    assert.match(split.out[1], /^epoch\tsplit\tloss\tn$/);
    const csv = await cli([join(fixtures, 'csv-named.parquet')]);
    assert.equal(csv.code, 2);
    assert.deepEqual(csv.err.length, 1);
    assert.match(csv.err[0], /csv-named\.parquet:1:1: not a Parquet file/);
    const told = await cli([join(fixtures, 'file.arrow'), '--format', 'arrow']);
    assert.equal(told.code, 0);
  });

  it('splits a file across threads when asked, with the single-thread result', async () => {
    const r = prng(8);
    const lines = ['y_true,y_pred'];
    for (let i = 0; i < 5000; i++) {
      const p = r();
      lines.push(`${r() < p ? 1 : 0},${p}`);
    }
    const f = write('big.csv', lines.join('\n'));
    const one = await cli([f, '--workers', '1', '--json']);
    const many = await cli([f, '--workers', '3', '--json'], '', { inlineSplit: true, segmentBytes: 4096 });
    const a = JSON.parse(one.out[0]);
    const b = JSON.parse(many.out[0]);
    assert.ok(Math.abs(a.loss - b.loss) <= 1e-13 * a.loss);
    assert.deepEqual(
      a.stats.worst.map((w: { source: number }) => w.source),
      b.stats.worst.map((w: { source: number }) => w.source),
    );
  });

  it('refuses bad options with a usage hint', async () => {
    for (const argv of [['--format', 'xls'], ['--on-invalid', 'maybe'], ['--workers', '0'], ['a', 'b']]) {
      assert.throws(() => parseCliArgs(argv), UsageError);
      const r = await cli(argv);
      assert.equal(r.code, 2);
      assert.match(r.err[0], /see bce-lens --help/);
    }
    const help = await cli(['--help']);
    assert.match(help.out[0], /--format auto\|csv\|tsv\|json\|jsonl\|npy\|npz\|parquet\|arrow\|text/);
  });
});

describe('CLI: the built bundle end to end', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bce-bundle-'));
    const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', logLevel: 'silent' as const, define: { BCE_LENS_VERSION: '"test"' } };
    // DuckDB's native package stays outside the bundle, as in esbuild.js.
    buildSync({ ...common, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(dir, 'cli.js'), banner: { js: '#!/usr/bin/env node' }, external: ['@duckdb/node-api', 'pg-native'] });
    buildSync({ ...common, entryPoints: [join(root, 'src/cli/worker.ts')], outfile: join(dir, 'cli-worker.js') });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const node = (args: string[], input?: string) => spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], { encoding: 'utf8', input });

  it('prints the loss, exit code 0; bad input exit code 2 with one line', () => {
    const ok = node([example('keras-logits.json')]);
    assert.equal(ok.status, 0);
    assert.equal(Number(ok.stdout).toFixed(7), '0.8654579');
    const piped = node(['--semantics', 'sklearn'], JSON.stringify({ y_true: ['spam', 'ham', 'ham', 'spam'], y_pred: [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]] }));
    assert.equal(Number(piped.stdout).toFixed(5), '0.21616');
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'y_true,y_pred\n1,0.5\n1,0.5,3\n');
    const bad = node([f]);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    assert.match(bad.stderr, /bad\.csv:3:6: expected 2 fields as in the header, got 3/);
    assert.equal(node(['--version']).stdout.trim(), 'test');
  });

  it('ends quietly, exit code 0, when the reader closes the pipe (bce-lens … --reduction none | head -1)', async () => {
    const f = join(dir, 'many.csv');
    writeFileSync(f, 'y_true,y_pred\n' + '1,0.25\n0,0.5\n'.repeat(100000));
    for (const extra of [[], ['--json']]) {
      const child = spawn(process.execPath, [join(dir, 'cli.js'), f, '--reduction', 'none', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Read the first chunk, then close the pipe as head does.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(stderr, '', `${extra.join(' ')}: ${stderr}`);
      assert.equal(code, 0, extra.join(' '));
    }
  });

  it('standard input and <(…) stream through the file readers: the same loss, warning and epochs as the file', () => {
    const r = prng(11);
    const lines = ['y_true,y_pred,epoch'];
    // Probabilities first, logits after row 3000: a pipe cannot be read again, the logits lane runs beside.
    for (let i = 0; i < 6000; i++) {
      const p = r();
      lines.push(`${r() < p ? 1 : 0},${i < 3000 ? p : (p - 0.5) * 8},${i % 2}`);
    }
    const f = join(dir, 'piped.csv');
    writeFileSync(f, lines.join('\n') + '\n');
    const file = node([f, '--workers', '1']);
    assert.equal(file.status, 0, file.stderr);
    const stdin = spawnSync(process.execPath, [join(dir, 'cli.js'), '-', '--format', 'csv'], { encoding: 'utf8', input: readFileSync(f) });
    assert.equal(stdin.status, 0, stdin.stderr);
    assert.equal(stdin.stdout, file.stdout);
    assert.equal(stdin.stderr, file.stderr.replaceAll(f, '<stdin>'));
    assert.match(stdin.stderr, /the first outside \[0, 1\] is "[-0-9.]+" at <stdin>:30\d\d:3;/);
    const procSub = spawnSync('bash', ['-c', `"${process.execPath}" "${join(dir, 'cli.js')}" <(cat "${f}")`], { encoding: 'utf8' });
    assert.equal(procSub.status, 0, procSub.stderr);
    assert.equal(procSub.stdout, file.stdout);
  });

  it('splits across real worker threads from the bundle', () => {
    const r = prng(9);
    const lines = ['y_true,y_pred'];
    for (let i = 0; i < 20000; i++) {
      const p = r();
      lines.push(`${r() < p ? 1 : 0},${p}`);
    }
    const f = join(dir, 'big.csv');
    writeFileSync(f, lines.join('\n') + '\n');
    const single = node([f, '--workers', '1']);
    const split = node([f, '--workers', '2']);
    assert.equal(split.status, 0, split.stderr);
    assert.ok(Math.abs(Number(split.stdout) - Number(single.stdout)) <= 1e-13 * Number(single.stdout));
    // --reduction none: the worker threads write each range's losses to a temporary file, copied out in order.
    for (const extra of [[], ['--json']]) {
      const noneSingle = node([f, '--workers', '1', '--reduction', 'none', ...extra]);
      const noneSplit = node([f, '--workers', '3', '--reduction', 'none', ...extra]);
      assert.equal(noneSplit.status, 0, noneSplit.stderr);
      assert.equal(noneSplit.stdout.length > 100000, true);
      assert.equal(noneSplit.stdout, noneSingle.stdout);
    }
  });
});

describe('CLI: reduction none, written a slice at a time', () => {
  // Per-sample output of 3·10⁷ rows is more than one string may hold ("Invalid string length"): no write may be the whole of it.
  const file = (n: number) => {
    const r = prng(5);
    const lines = ['y_true,y_pred'];
    for (let i = 0; i < n; i++) lines.push(`${i % 2},${r().toFixed(6)}`);
    return lines.join('\n') + '\n';
  };
  let dir: string;
  let path: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bce-none-'));
    path = join(dir, 'rows.csv');
    writeFileSync(path, file(60000));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('plain: one value per line, in many writes', async () => {
    const r = await cli([path, '--reduction', 'none']);
    assert.equal(r.code, 0);
    assert.ok(r.out.length > 4, `${r.out.length} writes`);
    assert.ok(r.out.every((s) => s.length < 512 * 1024));
    const values = r.out.join('\n').split('\n').map(Number);
    assert.equal(values.length, 60000);
    assert.ok(values.every((v) => v > 0 && Number.isFinite(v)));
  });

  it('--json: the same object as a whole JSON.stringify, in many writes', async () => {
    const chunks: string[] = [];
    const code = await runCliAsync([path, '--reduction', 'none', '--json'], { out: (s) => chunks.push(s + '\n'), write: (s) => chunks.push(s), err: () => undefined, stdin: () => '' });
    assert.equal(code, 0);
    assert.ok(chunks.length > 4 && chunks.every((s) => s.length < 512 * 1024));
    const streamed = JSON.parse(chunks.join('')) as { loss: number[]; rows: number; stats: unknown };
    const whole = await cli([path, '--reduction', 'none', '--json']);
    assert.deepEqual(streamed, JSON.parse(whole.out.join('')));
    assert.equal(streamed.loss.length, 60000);
  });
});

describe('CLI: internal errors', () => {
  const failingOut = async (argv: string[]) => {
    const err: string[] = [];
    const io = {
      out: () => {
        throw new TypeError('boom\nsecond line');
      },
      err: (s: string) => err.push(s),
      stdin: () => '{"y_true": [1], "y_pred": [0.5]}',
    };
    return { code: await cliMain(argv, io), err };
  };

  it('one line with a hint to report it, exit code 1, no stack trace', async () => {
    const r = await failingOut(['-']);
    assert.equal(r.code, 1);
    assert.equal(r.err.length, 1);
    assert.match(r.err[0], /^bce-lens: internal error: TypeError: boom \(please report it at https:\/\/github\.com\/bce-lens\/bce-lens\/issues; --debug shows the details\)$/);
    assert.ok(r.err[0].length <= 300);
  });

  it('--debug adds the stack trace', async () => {
    const r = await failingOut(['-', '--debug']);
    assert.equal(r.code, 1);
    assert.equal(r.err.length, 2);
    assert.match(r.err[1], /^TypeError: boom\nsecond line\n\s+at /);
  });
});

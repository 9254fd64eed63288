import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync, type CliHooks, type CliIo } from '../../src/cli/main';
import { npy, npz, pipe, prng } from './inputs/filesHelpers';

/**
 * --reduction none streams its per-sample losses as rows are read (src/cli/lossStream.ts). Its
 * output must be the very text the whole list printed at the end gives (hooks.wholeLoss keeps that
 * way), for every format, logits found late, multi-label rows, weights, epochs, pipes and split files.
 */

interface Run {
  code: number;
  stdout: string;
  err: string[];
}

/** Runs the CLI with a write() that collects stdout as it is written. */
async function run(argv: string[], hooks: CliHooks = {}, stdin?: string): Promise<Run> {
  let stdout = '';
  const err: string[] = [];
  const io: CliIo = {
    out: (s) => (stdout += s + '\n'),
    write: (s) => {
      stdout += s;
      return true;
    },
    err: (s) => err.push(s),
    stdin: () => stdin ?? '',
    ...(stdin === undefined ? {} : { stdinData: () => pipe(stdin, '<stdin>', 4096) }),
  };
  const code = await runCliAsync(argv, io, hooks);
  return { code, stdout, err };
}

const root = join(__dirname, '../..');
const columnar = (name: string) => join(root, 'test/fixtures/columnar', name);

describe('CLI: --reduction none streams the same text as the whole list', () => {
  let dir: string;
  const files: Record<string, string> = {};
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bce-stream-'));
    const r = prng(17);
    const put = (name: string, content: string | Uint8Array) => {
      files[name] = join(dir, name);
      writeFileSync(files[name], content);
    };
    const rows = (n: number, row: (i: number) => string, head: string) => [head, ...Array.from({ length: n }, (_, i) => row(i))].join('\n') + '\n';
    put('probs.csv', rows(70000, () => `${r() < 0.4 ? 1 : 0},${r()}`, 'y_true,y_pred'));
    // Probabilities, then logits from row 3000: "auto" reads the file a second time as logits.
    put('late-logits.csv', rows(6000, (i) => `${i % 3 === 0 ? 1 : 0},${i < 3000 ? r() : (r() - 0.5) * 9}`, 'y_true,y_pred'));
    put('probs.tsv', rows(5000, () => `${r() < 0.5 ? 1 : 0}\t${r()}`, 'y_true\ty_pred'));
    put('probs.jsonl', rows(5000, () => JSON.stringify({ y_true: r() < 0.5 ? 1 : 0, y_pred: r() }), '').slice(1));
    put('multi.csv', rows(4000, () => `${r() < 0.5 ? 1 : 0},${r() < 0.5 ? 1 : 0},${r() < 0.5 ? 1 : 0},${r()},${r()},${r()},${(r() * 3).toFixed(3)}`, 'y_true_0,y_true_1,y_true_2,y_pred_0,y_pred_1,y_pred_2,sample_weight'));
    put('epochs.csv', rows(5000, (i) => `${r() < 0.5 ? 1 : 0},${r()},${i % 4},${i % 2 ? 'val' : 'train'}`, 'y_true,y_pred,epoch,split'));
    const n = 3000;
    const y = Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
    const p = Array.from({ length: n }, () => r());
    put('arrays.npy', npy({ descr: '<f8', shape: [n, 2], values: y.flatMap((v, i) => [v, p[i]]) }));
    put('arrays.npz', npz({ 'y_true.npy': npy({ descr: '<f8', shape: [n], values: y }), 'y_pred.npy': npy({ descr: '<f4', shape: [n], values: p }) }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const same = async (argv: string[], hooks: CliHooks = {}, stdin?: string) => {
    for (const json of [[], ['--json']]) {
      const args = [...argv, '--reduction', 'none', ...json];
      const streamed = await run(args, hooks, stdin);
      const whole = await run(args, { ...hooks, wholeLoss: true }, stdin);
      assert.equal(streamed.code, 0, `${args.join(' ')}: ${streamed.err.join('\n')}`);
      assert.deepEqual(streamed.err, whole.err, args.join(' '));
      assert.ok(streamed.stdout.length > 1000, args.join(' '));
      assert.equal(streamed.stdout, whole.stdout, args.join(' '));
      if (json.length) JSON.parse(streamed.stdout);
    }
  };

  it('CSV, TSV, JSON Lines: auto (spilled until the end), from_logits given (written at once), logits found late', async () => {
    await same([files['probs.csv'], '--workers', '1']);
    await same([files['probs.csv'], '--workers', '1', '--from-logits', 'false']);
    await same([files['late-logits.csv'], '--workers', '1']);
    await same([files['late-logits.csv'], '--workers', '1', '--semantics', 'torch']);
    await same([files['probs.tsv']]);
    await same([files['probs.jsonl'], '--semantics', 'tf-keras2']);
  });

  it('multi-label rows with weights (torch: one value per label), epochs and splits', async () => {
    await same([files['multi.csv'], '--semantics', 'torch', '--from-logits', 'false']);
    await same([files['multi.csv'], '--semantics', 'keras']);
    await same([files['epochs.csv'], '--epoch', 'epoch', '--split', 'split']);
  });

  it('.npy, .npz, Parquet, Arrow files and streams', async () => {
    await same([files['arrays.npy']]);
    await same([files['arrays.npz'], '--semantics', 'keras', '--from-logits', 'false']);
    for (const f of ['snappy.parquet', 'multilabel.parquet', 'epochs.parquet', 'file.arrow', 'multilabel.arrow', 'stream.arrows']) await same([columnar(f), '--semantics', 'torch']);
  });

  it('standard input read once: the probabilities lane and its logits twin side by side', async () => {
    await same(['-', '--format', 'csv'], {}, readFileSync(files['late-logits.csv'], 'utf8'));
    await same(['-', '--format', 'csv'], {}, readFileSync(files['probs.csv'], 'utf8'));
  });

  it('split into ranges (each range spilled to a file of its own, copied out in order), logits found late too', async () => {
    const split: CliHooks = { splitBytes: 1, inlineSplit: true, segmentBytes: 8192 };
    await same([files['probs.csv'], '--workers', '3'], split);
    await same([files['late-logits.csv'], '--workers', '3'], split);
    await same([files['probs.jsonl'], '--workers', '2', '--from-logits', 'false'], split);
  });

  it('leaves no temporary file behind, and writes none next to the input', async () => {
    const own = mkdtempSync(join(tmpdir(), 'bce-tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = own;
    try {
      assert.equal(tmpdir(), own);
      await same([files['probs.csv'], '--workers', '1']);
      await same([files['probs.csv'], '--workers', '3'], { splitBytes: 1, inlineSplit: true, segmentBytes: 8192 });
      assert.deepEqual(readdirSync(own), []);
      assert.deepEqual(readdirSync(dir).sort(), Object.values(files).map((f) => f.slice(dir.length + 1)).sort());
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('waits while the reader of stdout is behind: a bounded number of writes between two drains', async () => {
    let writes = 0;
    let sinceDrain = 0;
    let most = 0;
    // 4 MiB of rows: four chunks of input, about 70 pieces of output.
    const big = join(dir, 'big.csv');
    const r = prng(3);
    writeFileSync(big, 'y_true,y_pred\n' + Array.from({ length: 200000 }, () => `${r() < 0.5 ? 1 : 0},${r()}`).join('\n') + '\n');
    const code = await runCliAsync([big, '--workers', '1', '--from-logits', 'false', '--reduction', 'none'], {
      out: () => undefined,
      err: () => undefined,
      stdin: () => '',
      // A reader that is always behind: every write asks to wait.
      write: () => {
        writes++;
        most = Math.max(most, ++sinceDrain);
        return false;
      },
      drained: async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sinceDrain = 0;
      },
    });
    rmSync(big);
    assert.equal(code, 0);
    // Pieces of at most 60 KB; one chunk of input (1 MiB) at most between drains.
    assert.ok(writes >= 50, `${writes} writes`);
    assert.ok(most <= writes / 2, `${most} writes without waiting, of ${writes}`);
  });

  it('an invalid row after output has started: the losses of rows before it, then one line naming the place, exit code 2', async () => {
    const lines = readFileSync(files['probs.csv'], 'utf8').split('\n');
    lines[60001] = '1,0.5x';
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, lines.join('\n'));
    try {
      const r = await run([bad, '--workers', '1', '--from-logits', 'false', '--reduction', 'none']);
      assert.equal(r.code, 2);
      assert.equal(r.err.length, 1);
      assert.match(r.err[0], /bad\.csv:60002:3: /);
      const good = await run([files['probs.csv'], '--workers', '1', '--from-logits', 'false', '--reduction', 'none']);
      const printed = r.stdout.split('\n').filter((l) => l !== '');
      assert.ok(printed.length > 30000 && printed.length < 60001, `${printed.length} lines`);
      assert.deepEqual(printed, good.stdout.split('\n').slice(0, printed.length));
    } finally {
      rmSync(bad, { force: true });
    }
  });
});

import * as assert from 'node:assert/strict';
import { BceError, computeLoss, type LossInput, type LossOptions, type LossResult } from '../../../src/core';
import { computeFileLoss, sniffFormat, type FileComputeOptions, type FileLossResult } from '../../../src/inputs/files';
import { RowSink } from '../../../src/inputs/files/lanes';
import { InputError } from '../../../src/inputs/inputError';
import { keras, prng, sklearn, source, tfKeras2, torch } from './filesHelpers';

/** Relative closeness for losses that may be arrays. */
function close(actual: LossResult['loss'], expected: LossResult['loss'], relative = 1e-13): void {
  const a = [actual].flat(2) as number[];
  const e = [expected].flat(2) as number[];
  assert.equal(a.length, e.length);
  a.forEach((x, i) => assert.ok(Math.abs(x - e[i]) <= relative * Math.abs(e[i]) + 1e-300, `${x} vs ${e[i]} (element ${i})`));
}

function ok(r: FileLossResult, k = 0): LossResult {
  const x = r.results[k];
  if (!x.ok) assert.fail(`variant ${k} failed: ${x.error}`);
  return x.result;
}

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return e;
  }
  return assert.fail('expected an InputError');
}

function csv(header: string, rows: (string | number)[][], eol = '\n'): string {
  return [header, ...rows.map((r) => r.join(','))].join(eol) + eol;
}

const run = (text: string | Uint8Array, options: Partial<FileComputeOptions> = {}, name = 'data.csv', chunk = 65536) =>
  computeFileLoss(source(text, name, chunk), { variants: [keras], ...options });

/** Equal, but for fractional numbers, which may differ by a few units in the last place. */
function assertSameUpToRounding(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof actual === 'number' && typeof expected === 'number' && !(Number.isInteger(actual) && Number.isInteger(expected))) {
    assert.ok(Math.abs(actual - expected) <= 4 * Number.EPSILON * Math.abs(expected), `${path}: ${actual} vs ${expected}`);
  } else if (actual !== null && expected !== null && typeof actual === 'object' && typeof expected === 'object') {
    assert.deepEqual(Object.keys(actual), Object.keys(expected), path);
    for (const k of Object.keys(expected)) assertSameUpToRounding((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
  } else assert.equal(actual, expected, path);
}

/** Random rows: hard or soft labels, probabilities spread over [0, 1] with some at the edges. */
function randomRows(n: number, seed: number, soft = false): { y: number[]; p: number[] } {
  const r = prng(seed);
  const y: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    p.push(i % 97 === 0 ? 0 : i % 89 === 0 ? 1 : i % 83 === 0 ? 1e-9 : u);
    y.push(soft ? Math.round(r() * 100) / 100 : r() < u ? 1 : 0);
  }
  return { y, p };
}

describe('data files: CSV and TSV', () => {
  it('equals computeLoss on the same arrays within 1e-13, for every semantics and dtype', async () => {
    const { y, p } = randomRows(3000, 1);
    const text = csv('y_true,y_pred', y.map((v, i) => [v, p[i]]));
    const variants: LossOptions[] = [
      keras,
      tfKeras2,
      torch,
      sklearn,
      { ...keras, dtype: 'float32' },
      { ...torch, dtype: 'float32' },
      { ...keras, labelSmoothing: 0.1 },
      { ...keras, reduction: 'sum' },
      { ...torch, reduction: 'none' },
      { ...keras, fromLogits: false },
    ];
    const r = await run(text, { variants });
    assert.equal(r.rows, 3000);
    assert.equal(r.format, 'csv');
    assert.deepEqual(r.columns, { yTrue: ['y_true'], yPred: ['y_pred'] });
    variants.forEach((v, k) => {
      const expected = computeLoss({ yTrue: y, yPred: p }, v);
      const got = ok(r, k);
      close(got.loss, expected.loss);
      assert.equal(got.stats.positives, expected.stats.positives);
      assert.equal(got.stats.maxSampleLoss, expected.stats.maxSampleLoss);
      assert.deepEqual(got.stats.histogram, expected.stats.histogram);
      assert.deepEqual(
        got.stats.worst.map((w) => [w.index, w.loss]),
        expected.stats.worst.map((w) => [w.index, w.loss]),
      );
    });
  });

  it('gives the same result for soft labels and weights as computeLoss', async () => {
    const { y, p } = randomRows(500, 2, true);
    const w = y.map((_, i) => (i % 5) / 2);
    const r = await run(csv('label,probability,sample_weight', y.map((v, i) => [v, p[i], w[i]])), { variants: [keras, torch, { ...keras, reduction: 'mean_with_sample_weight' }] });
    assert.equal(r.columns.weight, 'sample_weight');
    for (const [k, v] of [keras, torch, { ...keras, reduction: 'mean_with_sample_weight' as const }].entries()) {
      close(ok(r, k).loss, computeLoss({ yTrue: y, yPred: p, sampleWeight: w }, v).loss);
    }
  });

  it('reads JSON sample weights shaped (n, 1) or given as one number, as Keras takes them', async () => {
    const column = await run('{"y_true":[[1],[0],[1]],"y_pred":[[0.8],[0.3],[0.4]],"sample_weight":[[1.0],[2.0],[0.5]]}', {}, 'w.json');
    const flat = computeLoss({ yTrue: [1, 0, 1], yPred: [0.8, 0.3, 0.4], sampleWeight: [1, 2, 0.5] }, keras);
    assert.equal((column.results[0] as { result: LossResult }).result.loss, flat.loss);
    const scalar = await run('{"y_true":[1,0,1],"y_pred":[0.8,0.3,0.4],"sample_weight":2}', {}, 'w.json');
    const twice = computeLoss({ yTrue: [1, 0, 1], yPred: [0.8, 0.3, 0.4], sampleWeight: [2, 2, 2] }, keras);
    assert.equal((scalar.results[0] as { result: LossResult }).result.loss, twice.loss);
  });

  it('names the worst samples by their line', async () => {
    const r = await run('y,pred\n1,0.9\n\n1,0.01\n0,0.2\n');
    const worst = ok(r).stats.worst;
    assert.equal(worst[0].source, 4);
    assert.equal(worst[0].yPred[0], 0.01);
  });

  it('finds the columns by role name, and takes them as chosen', async () => {
    for (const header of ['target,score', 'truth,output', 'actual,y_hat', 'labels,preds', 'y,y_prob', 'Y True,Y-Pred']) {
      const r = await run(`${header}\n1,0.8\n0,0.4\n`);
      close(ok(r).loss, computeLoss({ yTrue: [1, 0], yPred: [0.8, 0.4] }, keras).loss);
    }
    const chosen = await run('id,a,b,note\n7,1,0.8,x\n8,0,0.4,y\n', { columns: { yTrue: 'a', yPred: 'b' } });
    assert.deepEqual(chosen.columns, { yTrue: ['a'], yPred: ['b'] });
    close(ok(chosen).loss, computeLoss({ yTrue: [1, 0], yPred: [0.8, 0.4] }, keras).loss);
  });

  it('reads a file without a header by position, or by the column numbers given', async () => {
    const two = await run('1,0.8\n0,0.4\n');
    close(ok(two).loss, computeLoss({ yTrue: [1, 0], yPred: [0.8, 0.4] }, keras).loss);
    const three = await run('1,0.8,2\n0,0.4,0\n');
    assert.equal(three.columns.weight, '3');
    close(ok(three).loss, computeLoss({ yTrue: [1, 0], yPred: [0.8, 0.4], sampleWeight: [2, 0] }, keras).loss);
    const numbered = await run('5,0.8,1\n6,0.4,0\n', { columns: { yTrue: '3', yPred: '2' } });
    close(ok(numbered).loss, computeLoss({ yTrue: [1, 0], yPred: [0.8, 0.4] }, keras).loss);
    await rejects(run('1,0.8,2,3\n'), /^data\.csv:1:1: no header line, and 4 columns/);
  });

  it('reads a logits column as from_logits, and restarts as logits when "auto" meets a logit', async () => {
    const y = [0, 1, 0, 0];
    const x = [-18.6, 0.51, 2.94, -12.8];
    const named = await run(csv('y_true,logits', y.map((v, i) => [v, x[i]])));
    assert.equal(ok(named).fromLogits, true);
    assert.equal(ok(named).logitsDetected, false);
    close(ok(named).loss, 0.8654579497810972, 1e-15);
    const s = source(csv('y_true,y_pred', y.map((v, i) => [v, x[i]])));
    const detected = await computeFileLoss(s, { variants: [keras, { ...keras, fromLogits: false }] });
    assert.equal(ok(detected).logitsDetected, true);
    close(ok(detected).loss, 0.8654579497810972, 1e-15);
    assert.equal(ok(detected, 1).fromLogits, false, 'a variant that says probabilities stays probabilities (clipped)');
    assert.equal(s.reads, 2, 'the source is read again for the lanes that turned out to be logits');
  });

  it('reads multi-label column groups y_true_0…k with y_pred_0…k', async () => {
    const yTrue = [
      [0, 1, 1],
      [0, 0, 1],
      [1, 0, 0],
    ];
    const yPred = [
      [0.6, 0.4, 0.9],
      [0.4, 0.6, 0.7],
      [0.2, 0.3, 0.8],
    ];
    const rows = yTrue.map((r, i) => [...r, ...yPred[i]]);
    const r = await run(csv('y_true_0,y_true_1,y_true_2,y_pred_0,y_pred_1,y_pred_2', rows), { variants: [keras, torch, { ...torch, reduction: 'none' }] });
    assert.deepEqual(r.columns.yTrue, ['y_true_0', 'y_true_1', 'y_true_2']);
    close(ok(r).loss, computeLoss({ yTrue, yPred }, keras).loss);
    close(ok(r, 1).loss, computeLoss({ yTrue, yPred }, torch).loss);
    close(ok(r, 2).loss, computeLoss({ yTrue, yPred }, { ...torch, reduction: 'none' }).loss);
    assert.deepEqual(ok(r).stats.perLabel?.length, 3);
    await rejects(run('y_true_0,y_true_1,y_pred_0\n1,0,0.5\n'), /2 label column\(s\).*but 1 prediction column/);
  });

  it('reads two prediction columns as sklearn [P(class 0), P(class 1)]', async () => {
    const r = await run('y_true,y_pred_0,y_pred_1\n1,0.1,0.9\n0,0.9,0.1\n0,0.8,0.2\n1,0.35,0.65\n', { variants: [sklearn, keras] });
    close(ok(r).loss, 0.21616187468057912, 1e-14);
    const failed = r.results[1];
    assert.ok(!failed.ok && /choose the sklearn semantics/.test(failed.error));
  });

  it('gives the loss per epoch (and split) for the first variant', async () => {
    const rows: (string | number)[][] = [];
    const r = prng(3);
    for (let e = 1; e <= 3; e++) for (const split of ['train', 'val']) for (let i = 0; i < 20; i++) rows.push([e, split, r() < 0.5 ? 1 : 0, r()]);
    const result = await run(csv('epoch,split,y_true,y_pred', rows), { variants: [torch, keras] });
    assert.equal(result.columns.epoch, 'epoch');
    assert.equal(result.columns.split, 'split');
    assert.equal(result.epochs?.length, 6);
    const first = result.epochs?.[0];
    const subset = rows.filter((row) => row[0] === 1 && row[1] === 'train');
    assert.deepEqual({ epoch: first?.epoch, split: first?.split, n: first?.n }, { epoch: '1', split: 'train', n: 20 });
    close(first?.loss as number, computeLoss({ yTrue: subset.map((row) => row[2] as number), yPred: subset.map((row) => row[3] as number) }, torch).loss);
    const steps = await run('step,y,p\n10,1,0.5\n10,0,0.5\n20,1,0.9\n');
    assert.deepEqual(
      steps.epochs?.map((e) => [e.epoch, e.split, e.n]),
      [
        ['10', undefined, 2],
        ['20', undefined, 1],
      ],
    );
  });

  it('reads quotes, CRLF, a byte order mark, blank lines, spaces and True/False', async () => {
    const text = '\uFEFF"y_true","y_pred"\r\n\r\n"1", 0.8 \r\nTrue,"0.7"\r\n  \r\nFalse,0.25\r\n0,.5';
    const r = await run(text);
    assert.equal(r.rows, 4);
    close(ok(r).loss, computeLoss({ yTrue: [1, 1, 0, 0], yPred: [0.8, 0.7, 0.25, 0.5] }, keras).loss);
    const quotedName = await run('"y ""true""",y_pred,"note, with comma"\n1,0.8,"a\nb"\n0,0.4,c\n', { columns: { yTrue: 'y "true"' } });
    assert.equal(quotedName.rows, 2);
    assert.equal(ok(quotedName).stats.worst.find((w) => w.yPred[0] === 0.4)?.source, 4, 'a quoted line break counts as a line');
  });

  it('reads TSV and semicolon-separated files', async () => {
    const tsv = await run('y_true\ty_pred\n1\t0.8\n0\t0.4\n', {}, 'data.tsv');
    assert.equal(tsv.format, 'tsv');
    close(ok(tsv).loss, computeLoss({ yTrue: [1, 0], yPred: [0.8, 0.4] }, keras).loss);
    const semi = await run('y_true;y_pred\n1;0.8\n0;0.4\n');
    close(ok(semi).loss, computeLoss({ yTrue: [1, 0], yPred: [0.8, 0.4] }, keras).loss);
  });

  it('reads numbers exactly as parseFloat does, in every notation', async () => {
    const r = prng(4);
    const texts: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const x = r();
      const forms = [String(x), x.toPrecision(17), x.toPrecision(19), x.toExponential(12), (x * 1e-30).toPrecision(17), x.toFixed(25).slice(0, 24), '0.' + '0'.repeat(i % 30) + '7'];
      texts.push(forms[i % forms.length]);
    }
    texts.push('1', '0', '1.0', '0.0', '1e0', '+0.5', '.25', '5.', '0.30000000000000004', '0.9999999999999999', '0.99999999999999999');
    const y = texts.map((_, i) => i % 2);
    const result = await run(csv('y_true,y_pred', texts.map((t, i) => [y[i], t])), { variants: [{ ...keras, reduction: 'none' }] });
    const expected = computeLoss({ yTrue: y, yPred: texts.map((t) => parseFloat(t)) }, { ...keras, reduction: 'none' }).loss as number[];
    assert.deepEqual(ok(result).loss, expected);
    assert.equal(ok(result).stats.minPrediction, Math.min(...texts.map((t) => parseFloat(t))));
  });

  it('reports a bad row with file:line:column and the text found', async () => {
    const e = await rejects(run('y_true,y_pred\n1,0.5\n0,abc\n'), /^data\.csv:3:3: expected a number in column "y_pred", found "abc"$/);
    assert.deepEqual(e.place, { source: 'data.csv', line: 3, column: 3 });
    await rejects(run('y_true,y_pred\n1,0.5\n2,0.5\n'), /^data\.csv:3:1: expected a label in \[0, 1\] in column "y_true".*found "2"$/);
    await rejects(run('y_true,y_pred\n1,0.5,7\n'), /^data\.csv:2:6: expected 2 fields as in the header, got 3/);
    await rejects(run('y_true,y_pred\n1\n'), /^data\.csv:2:2: expected 2 fields as in the header, got 1/);
    await rejects(run('y_true,y_pred\n1,nan\n'), /^data\.csv:2:3: expected a finite prediction in column "y_pred", found "nan"/);
    await rejects(run('y,p,w\n1,0.5,-1\n'), /^data\.csv:2:7: expected a finite sample weight ≥ 0 in column "w", found "-1"/);
    await rejects(run('y_true,y_pred\n1,"0.5\n'), /^data\.csv:2:3: unterminated quoted field/);
    await rejects(run('y_true,y_pred\n1,"0.5"x\n'), /^data\.csv:2:8: expected a comma or the end of the line after a closing quote/);
    await rejects(run('y_true,y_pred\n1,0.5\n0,0,5\n'), /^data\.csv:3:4: expected 2 fields/);
    await rejects(run('é,y_true,y_pred\nx,1,zz\n'), /^data\.csv:2:5: expected a number/);
  });

  it('says where class names as strings can be read', async () => {
    await rejects(run('y_true,y_pred\nspam,0.9\n', { variants: [sklearn] }), /^data\.csv:2:1: expected a number in column "y_true" \(labels are 0\/1 or true\/false here; class names as strings are read only from \.json files, with the sklearn semantics\), found "spam"$/);
    const header = await run('y_true,y_pred\n', { variants: [keras] });
    assert.equal(header.rows, 0);
    assert.ok(!header.results[0].ok && /^data\.csv: the input has no samples$/.test(header.results[0].error));
  });

  it('reports a bad header: a missing column, an empty file, one column', async () => {
    await rejects(run('id,y_pred\n1,0.5\n'), /^data\.csv:1:1: no column of labels: expected one named y_true, y, label/);
    await rejects(run('y_true,value\n1,0.5\n'), /^data\.csv:1:1: no column of predictions/);
    await rejects(run('y_true,y_pred\n1,0.5\n', { columns: { weight: 'weights' } }), /sample_weight: no column named "weights" \(found "y_true", "y_pred"\)/);
    await rejects(run(''), /^data\.csv:1:1: the file is empty/);
    await rejects(run('\n\n'), /the file is empty/);
    await rejects(run('y_true\n1\n'), /^data\.csv:1:1: expected a header with at least two columns/);
  });

  it('skips bad rows when asked, counting them and naming the first', async () => {
    const text = 'y_true,y_pred\n1,0.9\n1,oops\n0,0.2\n3,0.5\n\n0,0.1,9\n';
    const r = await run(text, { onInvalid: 'skip' });
    assert.equal(r.rows, 2);
    assert.equal(r.invalidRows, 3);
    assert.deepEqual(r.firstInvalid, { line: 3, column: 3, text: 'oops', reason: 'expected a number in column "y_pred"' });
    close(ok(r).loss, computeLoss({ yTrue: [1, 0], yPred: [0.9, 0.2] }, keras).loss);
  });

  it('fails only the variants that cannot take the data, with the place', async () => {
    const r = await run('y_true,y_pred\n1,0.9\n0.5,0.2\n', { variants: [keras, sklearn, { ...torch, posWeight: [2] }] });
    ok(r);
    const s = r.results[1];
    assert.ok(!s.ok);
    assert.match(s.error, /^data\.csv:3:1: scikit-learn log_loss treats labels as classes: expected 0 or 1, got 0\.5$/);
    const t = r.results[2];
    assert.ok(!t.ok && /pos_weight exists only in BCEWithLogitsLoss/.test(t.error));
    const torchRange = await run('y_true,y_pred\n1,0.9\n0,1.5\n', { variants: [{ ...torch, fromLogits: false }] });
    assert.ok(!torchRange.results[0].ok && /^data\.csv:3:3: PyTorch BCELoss needs probabilities/.test(torchRange.results[0].error));
    const single = await run('y_true,y_pred\n1,0.9\n1,0.2\n', { variants: [sklearn] });
    assert.ok(!single.results[0].ok && /only one label/.test(single.results[0].error));
    const bad = await run('y,p\n1,0.5\n', { variants: [{ ...keras, reduction: 'mean' }, { ...sklearn, reduction: 'none' }] });
    assert.ok(!bad.results[1].ok && /reduction "none" is not one of/.test(bad.results[1].error));
  });

  it('gives identical results for any chunk size (1, 2, 3, 7, 64 KiB)', async () => {
    const { y, p } = randomRows(300, 5);
    const rows = y.map((v, i) => [v, i % 7 === 0 ? `"${p[i]}"` : p[i], i % 3]);
    const text = '\uFEFFy_true,y_pred,epoch\r\n' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n\r\n1,"0.5\r\n"\r\n';
    const variants = [keras, torch];
    const outcomes: unknown[] = [];
    for (const chunk of [1, 2, 3, 7, 65536]) {
      const r = await run(text, { variants, onInvalid: 'skip' }, 'data.csv', chunk);
      outcomes.push(JSON.parse(JSON.stringify(r)));
    }
    // Rows reach the accumulators in batches cut at chunk ends, and a batch's losses are summed as
    // one product per lane: the sums may differ in the last bit, everything else not at all.
    for (const o of outcomes.slice(1)) assertSameUpToRounding(o, outcomes[0]);
    const first = outcomes[0] as FileLossResult;
    assert.equal(first.rows, 300);
    assert.equal(first.invalidRows, 1);
  });

  it('stops promptly with an AbortError, and reports progress', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(run('y,p\n1,0.5\n', { signal: controller.signal }), (e: Error) => e.name === 'AbortError');
    const { y, p } = randomRows(20000, 6);
    const text = csv('y,p', y.map((v, i) => [v, p[i]]));
    const late = new AbortController();
    const seen: number[] = [];
    await assert.rejects(
      run(text, {
        signal: late.signal,
        onProgress: (bytes) => {
          seen.push(bytes);
          if (seen.length === 2) late.abort();
        },
      }, 'data.csv', 4096),
      (e: Error) => e.name === 'AbortError',
    );
    assert.equal(seen.length, 2, 'no chunk is read after the abort');
    const progress: number[] = [];
    await run(text, { onProgress: (b) => progress.push(b) }, 'data.csv', 65536);
    assert.ok(progress.every((b, i) => i === 0 || b > progress[i - 1]));
    assert.equal(progress[progress.length - 1], new TextEncoder().encode(text).length);
  });
});

describe('data files: batches', () => {
  it('hold 32768 values however wide the rows: 32768 rows of one label, 32 rows of 1000', () => {
    const sink = (ly: number, lp: number) => new RowSink([], { name: 'x', onInvalid: 'error', epochs: false, weighted: false, ly, lp }).batch;
    assert.equal(sink(1, 1).cap, 32768);
    assert.equal(sink(1, 2).cap, 16384);
    const wide = sink(1000, 1000);
    assert.equal(wide.cap, 32);
    assert.equal(wide.y.length, 32000);
    assert.equal(sink(40000, 40000).cap, 1);
  });
});

describe('data files: JSON and JSON Lines', () => {
  it('reads an object of arrays with the published values', async () => {
    const r = await run(JSON.stringify({ y_true: [0, 1, 0, 0], y_pred: [-18.6, 0.51, 2.94, -12.8] }), {}, 'a.json');
    close(ok(r).loss, 0.8654579497810972, 1e-15);
    const ml = await run(JSON.stringify({ y_true: [[0, 1], [0, 0]], y_pred: [[0.6, 0.4], [0.4, 0.6]], sample_weight: [1, 0] }), { variants: [keras, { ...keras, reduction: 'sum' }] }, 'a.json');
    assert.equal(Number(ok(ml).loss).toFixed(3), '0.458');
    const spam = await run(JSON.stringify({ y_true: ['spam', 'ham', 'ham', 'spam'], y_pred: [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]] }), { variants: [sklearn, keras] }, 'a.json');
    close(ok(spam).loss, 0.21616187468057912, 1e-14);
    assert.ok(!spam.results[1].ok);
  });

  it('reads an array of records, with lines for the worst samples and epochs', async () => {
    const records = [0, 1, 1, 0].map((y, i) => ({ y_true: y, y_pred: [0.1, 0.8, 0.7, 0.3][i], epoch: i < 2 ? 'a' : 'b' }));
    const text = '[\n' + records.map((x) => JSON.stringify(x)).join(',\n') + '\n]';
    const r = await run(text, {}, 'r.json');
    close(ok(r).loss, computeLoss({ yTrue: [0, 1, 1, 0], yPred: [0.1, 0.8, 0.7, 0.3] }, keras).loss);
    const worst = ok(r).stats.worst[0];
    assert.equal(worst.source, worst.index + 2);
    assert.deepEqual(
      r.epochs?.map((e) => [e.epoch, e.n]),
      [
        ['a', 2],
        ['b', 2],
      ],
    );
  });

  it('reports a bad JSON element at its line and column, or skips it', async () => {
    const text = '{"y_true": [0, 1, 1],\n "y_pred": [0.5, 0.2,\n   "x"]}';
    await rejects(run(text, {}, 'b.json'), /^b\.json:3:4: expected a finite number in "y_pred", found "\\"x\\""$/);
    const skipped = await run(text, { onInvalid: 'skip' }, 'b.json');
    assert.equal(skipped.invalidRows, 1);
    assert.equal(skipped.rows, 2);
    await rejects(run('{"y_true": [0, 1], "y_pred": [0.5]}', {}, 'c.json'), /^c\.json:1:20: shape mismatch: "y_pred" has 1 values/);
    await rejects(run('{"y_true": [0, 1], "y_pred": [0.5, 0.3,]}', {}, 'd.json'), /^d\.json:1:\d+: invalid JSON/);
    await rejects(run('{"labels": [0, 1]}', {}, 'e.json'), /no key of predictions/);
    await rejects(run('[1, 2]', {}, 'f.json'), /^f\.json:1:2: expected records/);
    const e = await run('{"y_true": [0, 1], "y_pred": [0.5, 0.3]}', { variants: [sklearn] }, 'g.json');
    assert.ok(e.results[0].ok);
  });

  it('reads JSON Lines line by line, with arrays for multi-label records', async () => {
    const lines = ['{"y_true": [0, 1], "y_pred": [0.6, 0.4], "w": 1}', '', '{"y_true": [0, 0], "y_pred": [0.4, 0.6], "w": 0}'];
    const r = await run(lines.join('\n'), {}, 'a.jsonl', 5);
    close(ok(r).loss, 0.4581453659370775, 1e-14);
    assert.deepEqual(r.columns, { yTrue: ['y_true'], yPred: ['y_pred'], weight: 'w' });
    await rejects(run('{"y_true": 1, "y_pred": 0.5}\n{"y_true": 1, "y_pred": "x"}\n', {}, 'b.jsonl'), /^b\.jsonl:2:15: expected a number for "y_pred", found "\\"x\\""$/);
    await rejects(run('{"y_true": 1, "y_pred": 0.5}\n{"y_true": 1, \n', {}, 'c.jsonl'), /^c\.jsonl:2:\d+: invalid JSON/);
    await rejects(run('{"y_true": "spam", "y_pred": 0.5}\n', {}, 'd.jsonl'), /class names as strings are read only from \.json files/);
    const skipped = await run('{"y_true": 1, "y_pred": 0.5}\nnot json\n{"y_true": 0, "y_pred": 0.5}\n', { onInvalid: 'skip' }, 'e.ndjson');
    assert.equal(skipped.format, 'jsonl');
    assert.equal(skipped.rows, 2);
    assert.equal(skipped.firstInvalid?.line, 2);
  });
});

describe('data files: format detection', () => {
  it('takes the format from the extension, else from the first bytes', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    assert.equal(sniffFormat(enc('{"y_true": [1]}')), 'json');
    assert.equal(sniffFormat(enc('{"y_true": 1}\n{"y_true": 0}\n')), 'jsonl');
    assert.equal(sniffFormat(enc('[{"y_true": 1}]')), 'json');
    assert.equal(sniffFormat(enc('a\tb\n1\t2\n')), 'tsv');
    assert.equal(sniffFormat(enc('a,b\n')), 'csv');
    assert.equal(sniffFormat(new Uint8Array([0x93, 78, 85, 77, 80, 89, 1, 0])), 'npy');
    assert.equal(sniffFormat(new Uint8Array([0x50, 0x4b, 3, 4])), 'npz');
    const r = await run('{"y_true": [1, 0], "y_pred": [0.8, 0.4]}', {}, 'data.txt');
    assert.equal(r.format, 'json');
    const lines = await run('{"y_true": 1, "y_pred": 0.8}\n{"y_true": 0, "y_pred": 0.4}\n', {}, 'lines.json');
    assert.equal(lines.format, 'jsonl');
    close(ok(lines).loss, ok(r).loss);
  });
});

describe('data files: results never depend on how the input is cut', () => {
  it('computes the same as computeLoss for random inputs (property)', async () => {
    const r = prng(9);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + Math.floor(r() * 50);
      const input: LossInput = { yTrue: [], yPred: [] };
      const rows: number[][] = [];
      for (let i = 0; i < n; i++) {
        const y = r() < 0.5 ? 0 : 1;
        const p = trial % 3 === 0 ? (r() - 0.5) * 40 : r();
        rows.push([y, p]);
        (input.yTrue as number[]).push(y);
        (input.yPred as number[]).push(p);
      }
      const text = csv('y_true,y_pred', rows);
      const expected = (() => {
        try {
          return computeLoss(input, keras);
        } catch (e) {
          assert.ok(e instanceof BceError);
          return undefined;
        }
      })();
      const got = await run(text, {}, 'data.csv', 1 + Math.floor(r() * 40));
      if (expected) close(ok(got).loss, expected.loss);
    }
  });
});

describe('data files: from_logits true on values in [0, 1] (issue 14, item 7)', () => {
  const rows = csv('y_true,y_pred', [
    [1, 0.9],
    [0, 0.2],
    [1, 0.6],
  ]);
  it('warns when from_logits is forced true and every prediction lies in [0, 1]', async () => {
    const r = await run(rows, { variants: [{ ...keras, fromLogits: true }, keras] });
    assert.equal(ok(r).fromLogits, true);
    assert.ok(ok(r).warnings.some((w) => /from_logits is true but every prediction lies in \[0, 1\]/.test(w)), String(ok(r).warnings));
    assert.ok(!ok(r, 1).warnings.some((w) => /from_logits/.test(w)), 'auto on probabilities: no warning');
  });
  it('no warning when a prediction lies outside [0, 1]', async () => {
    const r = await run(csv('y_true,y_pred', [[1, 2.5], [0, 0.2]]), { variants: [{ ...keras, fromLogits: true }] });
    assert.ok(!ok(r).warnings.some((w) => /from_logits/.test(w)));
  });
});

import * as assert from 'node:assert/strict';
import { computeFileLoss, type DataSource, type FileComputeOptions, type FileLossResult } from '../../../src/inputs/files';
import { JSON_WHOLE_MAX_BYTES } from '../../../src/inputs/files/compute';
import { computeJsonStreamed } from '../../../src/inputs/files/jsonStreamed';
import { inputErrorOf, keras, pipe, prng, source, torch } from './filesHelpers';

/** The loss numbers of a result, which the streamed and the whole reading must give alike. */
function numbers(r: FileLossResult) {
  return {
    rows: r.rows,
    invalidRows: r.invalidRows,
    firstInvalid: r.firstInvalid,
    epochs: r.epochs,
    columns: r.columns,
    // The warnings differ on purpose: the whole reading names y_pred[i][j], the streamed one the file's line.
    results: r.results.map((x) => (x.ok ? { loss: x.result.loss, n: x.result.n, fromLogits: x.result.fromLogits, worst: x.result.stats.worst.map((w) => w.source) } : x)),
  };
}

/** A file source that also reads by position, as the CLI's and the extension's do. */
function file(text: string, chunk = 1000): DataSource {
  const bytes = new TextEncoder().encode(text);
  return { ...source(bytes, 'big.json', chunk), read: async (offset, length) => bytes.slice(offset, Math.min(bytes.length, offset + length)) };
}

async function alike(text: string, options: Partial<FileComputeOptions> = {}): Promise<FileLossResult> {
  const o = { variants: [keras, torch], format: 'json' as const, ...options };
  const whole = await computeFileLoss(source(text, 'big.json', 1000), o);
  const streamed = await computeJsonStreamed(file(text), o);
  const len = (r: FileLossResult) => r.bytes;
  assert.equal(len(streamed), len(whole));
  assert.deepEqual(numbers(streamed), numbers(whole));
  return streamed;
}

function records(n: number, seed: number, extra: (i: number) => object = () => ({})): object[] {
  const r = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const p = r();
    return { y_true: r() < p ? 1 : 0, y_pred: p, ...extra(i) };
  });
}

describe('inputs: JSON too large to read whole streams like JSON Lines (issue 11, item 12)', () => {
  it('an array of records: the same loss, rows, worst lines and epochs as the whole reading, compact or pretty-printed', async () => {
    const data = records(3000, 1, (i) => ({ epoch: i % 4, w: 0.5 + (i % 3) }));
    await alike(JSON.stringify(data), { columns: { weight: 'w' } });
    await alike(JSON.stringify(data, null, 2), { columns: { weight: 'w' } });
    const r = await alike('\uFEFF' + JSON.stringify(data, null, '\t'));
    assert.equal(r.epochs?.length, 4);
  });

  it('multi-label records and logits found half-way', async () => {
    const r = prng(4);
    const data = Array.from({ length: 2000 }, (_, i) => ({ y_true: [r() < 0.5 ? 1 : 0, r() < 0.5 ? 1 : 0], y_pred: [i < 1000 ? r() : r() * 8 - 4, r()] }));
    const res = await alike(JSON.stringify(data, null, 1));
    assert.ok(res.results[0].ok && res.results[0].result.fromLogits);
    assert.match(res.results[0].ok ? res.results[0].result.warnings[0] : '', /big\.json:\d+:\d+/);
  });

  it('a bad value at its line:column, named at the value (where JSON Lines would name it); skipped rows counted', async () => {
    const text = '[\n  {"y_true": 1, "y_pred": 0.9},\n  {"y_true": 0,\n   "y_pred": 1e999},\n  {"y_true": 0, "y_pred": 0.2}\n]\n';
    const streamed = await inputErrorOf(computeJsonStreamed(source(text, 'big.json', 7), { variants: [keras], format: 'json' }));
    assert.equal(streamed.message, 'big.json:4:14: expected a finite prediction for "y_pred", found "1e999"');
    const skipped = await computeJsonStreamed(source(text, 'big.json', 7), { variants: [keras], onInvalid: 'skip' });
    assert.equal(skipped.rows, 2);
    assert.deepEqual(skipped.firstInvalid, { line: 4, column: 14, text: '1e999', reason: 'expected a finite prediction for "y_pred"' });
  });

  it('the array itself: a missing comma, a trailing comma, text after it, no records, an unclosed array', async () => {
    const err = async (text: string) => (await inputErrorOf(computeJsonStreamed(source(text, 'big.json', 64), { variants: [keras] }))).message;
    assert.equal(await err('[{"y_true": 1, "y_pred": 0.9}\n {"y_true": 0, "y_pred": 0.1}]'), 'big.json:2:2: expected "," or "]" after a record, found "{\\"y_true\\": 0, \\"y_pred\\": 0.1}]"');
    assert.match(await err('[{"y_true": 1, "y_pred": 0.9},\n]'), /^big\.json:2:1: expected a record after the comma, found "]"/);
    assert.match(await err('[{"y_true": 1, "y_pred": 0.9}] x'), /^big\.json:1:32: expected nothing after the array of records, found "x"/);
    assert.match(await err('  []'), /^big\.json:1:3: the array has no records/);
    assert.match(await err('[{"y_true": 1, "y_pred": 0.9},'), /^big\.json:1:31: the JSON ends before the array of records is closed/);
    assert.match(await err('[{"y_true": 1, "y_pred": 0.9}, 7]'), /^big\.json:1:32: expected a JSON object such as/);
    assert.match(await err('[{"y_true": 1, "y_pred": 0.9}, {"y_true": 1 "y_pred": 0.9}]'), /^big\.json:1:45: /);
  });

  it('a pipe of JSON records streams from the pipe, read once', async () => {
    const text = JSON.stringify(records(500, 9));
    const viaPipe = await computeJsonStreamed(pipe(text, '<stdin>'), { variants: [keras] });
    const viaFile = await computeJsonStreamed(source(text, '<stdin>'), { variants: [keras] });
    assert.deepEqual(viaPipe, viaFile);
  });

  it('an object of arrays: the arrays read side by side give the loss, rows, epochs and worst lines', async () => {
    const r = prng(12);
    const n = 4000;
    const y: number[] = [];
    const p: number[] = [];
    for (let i = 0; i < n; i++) {
      const q = r();
      p.push(i < 2500 ? q : q * 6 - 3);
      y.push(r() < q ? 1 : 0);
    }
    const epoch = Array.from({ length: n }, (_, i) => `e${i % 3}`);
    const w = Array.from({ length: n }, (_, i) => 1 + (i % 2));
    await alike(JSON.stringify({ y_true: y, y_pred: p, epoch, sample_weight: w }));
    await alike(JSON.stringify({ y_true: y, note: { a: [1, 2, { b: '}]' }] }, y_pred: p }, null, 2));
    const multi = { y_true: y.map((v) => [v, 1 - v]), y_pred: p.map((v) => [v, 0.5]) };
    await alike(JSON.stringify(multi, null, 1));
  });

  it('an object of arrays: a bad element at its line:column, unequal lengths and a value that is no array', async () => {
    const err = async (text: string) => (await inputErrorOf(computeJsonStreamed(file(text, 64), { variants: [keras] }))).message;
    assert.equal(await err('{"y_true": [1, 0],\n "y_pred": [0.9,\n   1e999]}'), 'big.json:3:4: expected a finite prediction for "y_pred", found "1e999"');
    assert.match(await err('{"y_true": [1, 0, 1], "y_pred": [0.9, 0.2]}'), /^big\.json:1:33: shape mismatch: "y_pred" has 2 values but "y_true" has more/);
    assert.match(await err('{"y_true": 1, "y_pred": [0.9]}'), /^big\.json:1:12: "y_true" must be an array, found "1"/);
    assert.match(await err('{"y_true": [1 0], "y_pred": [0.9, 0.1]}'), /^big\.json:1:15: expected "," or "]" in "y_true", found "0"/);
    // Past the first element (read in the window without a promise), and a word that is not ASCII.
    assert.equal(await err('{"y_true": [1, 0, 1],\n "y_pred": [0.9,  0.2,\n  nan]}'), 'big.json:3:3: invalid JSON: expected a value (JSON has no NaN or Infinity), found "nan"');
    assert.match(await err('{"y_true": [1, 0], "y_pred": [0.9, ü]}'), /^big\.json:1:36: /);
  });

  it('computeFileLoss streams a .json past JSON_WHOLE_MAX_BYTES (it used to decode it into one string, which fails past 512 MiB)', async () => {
    const text = '[\n  {"y_true": 1, "y_pred": 0.9},\n  {"y_true": 0,\n   "y_pred": 1e999}\n]\n';
    // The size a host reports decides; the bytes stay few.
    const large = { ...source(text, 'big.json'), size: JSON_WHOLE_MAX_BYTES + 1 };
    assert.equal((await inputErrorOf(computeFileLoss(large, { variants: [keras] }))).message, 'big.json:4:14: expected a finite prediction for "y_pred", found "1e999"');
  });
});

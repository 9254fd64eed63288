/**
 * CSV files that are not quite what they seem: two columns for one role, UTF-16 text, classic Mac
 * line ends. Each is one clear error at its place, never a silent choice or "no samples" (issue 11, item 16).
 */
import * as assert from 'node:assert/strict';
import { computeFileLoss, type FileComputeOptions, type FileLossResult } from '../../../src/inputs/files';
import { inputErrorOf, keras, source } from './filesHelpers';

const run = (data: string | Uint8Array, options: Partial<FileComputeOptions> = {}, name = 'data.csv', chunk = 65536) =>
  computeFileLoss(source(data, name, chunk), { variants: [keras], ...options });

function loss(r: FileLossResult): number {
  const first = r.results[0];
  assert.ok(first.ok);
  return first.result.loss as number;
}

const message = async (p: Promise<unknown>): Promise<string> => (await inputErrorOf(p)).message;

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, !bigEndian);
    at = 2;
  }
  for (let i = 0; i < text.length; i++) view.setUint16(at + 2 * i, text.charCodeAt(i), !bigEndian);
  return out;
}

describe('two columns for one role', () => {
  it('y_true twice is an error naming both', async () => {
    assert.match(await message(run('y_true,y_true,y_pred\n1,0,0.9\n0,1,0.2\n')), /^data\.csv:1:8: columns 1 \("y_true"\) and 2 \("y_true"\) could both be y_true: expected one/);
  });

  it('label beside target too, and y_pred beside prob', async () => {
    assert.match(await message(run('label,target,y_pred\n1,0,0.9\n')), /^data\.csv:1:7: columns 1 \("label"\) and 2 \("target"\) could both be y_true/);
    assert.match(await message(run('y_true,y_pred,prob\n1,0.9,0.8\n')), /columns 2 \("y_pred"\) and 3 \("prob"\) could both be y_pred/);
  });

  it('a chosen column picks one: by name, or by number when the name is shared', async () => {
    const r = await run('label,y_true,y_pred\n1,0,0.9\n0,1,0.2\n', { columns: { yTrue: 'y_true' } });
    assert.equal(r.rows, 2);
    assert.ok(Math.abs(loss(r) - -(Math.log(0.1) + Math.log(0.2)) / 2) < 1e-12);
    assert.match(await message(run('y_true,y_true,y_pred\n1,0,0.9\n', { columns: { yTrue: 'y_true' } })), /y_true: columns 1 and 2 are both named "y_true": expected one; choose it by number/);
    const second = await run('y_true,y_true,y_pred\n1,0,0.9\n0,1,0.2\n', { columns: { yTrue: '2' } });
    assert.ok(Math.abs(loss(second) - -(Math.log(0.1) + Math.log(0.2)) / 2) < 1e-12);
  });
});

describe('UTF-16 text', () => {
  const csv = 'y_true,y_pred\r\n1,0.9\r\n0,0.2\r\n';
  for (const [bigEndian, bom] of [
    [false, true],
    [true, true],
    [false, false],
    [true, false],
  ]) {
    const encoding = bigEndian ? 'UTF-16BE' : 'UTF-16LE';
    it(`${encoding}${bom ? ' with' : ' without'} a byte order mark is named, with UTF-8 expected`, async () => {
      const m = await message(run(utf16(csv, bigEndian, bom), {}, 'excel.csv'));
      assert.equal(m, `excel.csv:1:1: the file is ${encoding}: expected UTF-8 text; save it as UTF-8 (e.g. iconv -f ${encoding} -t UTF-8)`);
    });
  }
});

describe('UTF-16 JSON and JSON Lines', () => {
  it('are named too', async () => {
    const jsonl = '{"y_true": 1, "y_pred": 0.9}\n{"y_true": 0, "y_pred": 0.2}\n';
    assert.match(await message(run(utf16(jsonl, false, true), {}, 'a.jsonl')), /^a\.jsonl:1:1: the file is UTF-16LE: expected UTF-8 text/);
    assert.match(await message(run(utf16(jsonl, true, false), {}, 'a.jsonl', 16)), /^a\.jsonl:1:1: the file is UTF-16BE: expected UTF-8 text/);
    assert.match(await message(run(utf16('{"y_true": [1, 0], "y_pred": [0.9, 0.2]}', false, true), {}, 'a.json')), /^a\.json:1:1: the file is UTF-16LE: expected UTF-8 text/);
  });
});

describe('classic Mac line ends (CR alone)', () => {
  it('are said at the first one, small file or large', async () => {
    const expected = /^data\.csv:1:14: the line ends are carriage returns alone \(classic Mac\): expected line feeds/;
    assert.match(await message(run('y_true,y_pred\r1,0.9\r0,0.2\r')), expected);
    assert.match(await message(run(`y_true,y_pred\r${'1,0.9\r'.repeat(10_000)}`, {}, 'data.csv', 1024)), expected);
    // Past the 8 MiB a header line may have: the same message, not "longer than 8 MiB".
    assert.match(await message(run(`y_true,y_pred\r${'1,0.9\r'.repeat(1_500_000)}`)), expected);
  });

  it('without a header too', async () => {
    assert.match(await message(run('1,0.9\r0,0.2\r')), /^data\.csv:1:6: the line ends are carriage returns alone/);
  });

  it('CRLF still reads', async () => {
    assert.equal((await run('y_true,y_pred\r\n1,0.9\r\n0,0.2\r\n')).rows, 2);
  });
});

/**
 * Inputs that go on and on: a quote that never closes, a 9 MiB line. Each ends in one short
 * message at the right place, never a minutes-long rescan or a message as long as the input.
 */
import * as assert from 'node:assert/strict';
import { computeFileLoss, type FileComputeOptions } from '../../../src/inputs/files';
import { InputError, MESSAGE_CHARS } from '../../../src/inputs/inputError';
import { inputErrorOf, keras, source } from './filesHelpers';

const run = (text: string, options: Partial<FileComputeOptions> = {}, name = 'data.csv', chunk = 65536) =>
  computeFileLoss(source(text, name, chunk), { variants: [keras], ...options });

async function error(p: Promise<unknown>): Promise<InputError> {
  const e = await inputErrorOf(p);
  assert.ok(e.message.length <= MESSAGE_CHARS && !/[\r\n]/.test(e.message), `not one short line: ${e.message.length} characters`);
  return e;
}

const rows = (n: number, row = '1,0.7\n') => row.repeat(n);

describe('an unclosed quote', () => {
  // 1.2 MB after the quote in 64 KiB chunks: re-splitting the carried row at every line took many minutes.
  const text = `y_true,y_pred\n1,.9\n0,"0.2\n${rows(200_000)}`;

  it('is an error of the file at the quote, read once', async () => {
    const e = await error(run(text));
    assert.match(e.message, /^data\.csv:3:3: unterminated quoted field: expected a closing " before the end of the file, found "\\"0\.2"$/);
  });

  it('is never a skipped row that swallows the rest', async () => {
    const e = await error(run(text, { onInvalid: 'skip' }));
    assert.match(e.message, /^data\.csv:3:3: unterminated quoted field/);
  });

  it('in the header too', async () => {
    assert.match((await error(run(`y_true,"y_pred\n${rows(1000)}`, {}, 'data.csv', 1024))).message, /^data\.csv:1:8: unterminated quoted field/);
  });

  it('past 8 MiB is named at the quote without reading on', async () => {
    const e = await error(run(`y_true,y_pred\n1,0.5\n1,"0.5\n${rows(1_600_000)}`));
    assert.match(e.message, /^data\.csv:3:3: unterminated quoted field: expected a closing " within 8 MiB/);
  });

  it('quoted fields over many lines and chunks still read, "" included', async () => {
    const long = `"0.${'\n'.repeat(3)}"`;
    const csv = `y_true,y_pred,note\n1,0.5,"a""\n${'b\n'.repeat(5000)}"""\n0,0.5,${long}\n1,"0.5",x\n`;
    for (const chunk of [3, 64, 65536]) {
      const r = await run(csv, { onInvalid: 'skip' }, 'data.csv', chunk);
      assert.equal(r.rows, 3, `chunk ${chunk}`);
      assert.equal(r.invalidRows, 0, `chunk ${chunk}`);
    }
  });
});

describe('very long lines', () => {
  const long = '1'.repeat(9 * 1024 * 1024);

  it('a CSV row past 8 MiB is an error at its line, the text cut', async () => {
    const e = await error(run(`y_true,y_pred\n1,0.5\n1,${long}\n`));
    assert.match(e.message, /^data\.csv:3:1: a row is longer than 8 MiB: expected short lines of values separated by commas, found "1,1111.*…"$/);
  });

  it('a header past 8 MiB too', async () => {
    assert.match((await error(run(`y_true,y_pred${long}\n1,0.5\n`))).message, /^data\.csv:1:1: the header line is longer than 8 MiB/);
  });

  it('a JSON Lines record past 8 MiB, in one chunk or many', async () => {
    const text = `{"y_true": 1, "y_pred": 0.5}\n{"y_true": 1, "y_pred": "${long}"}\n`;
    for (const chunk of [65536, 32 * 1024 * 1024]) {
      const e = await error(run(text, {}, 'data.jsonl', chunk));
      assert.match(e.message, /^data\.jsonl:2:1: a record is longer than 8 MiB: expected one short JSON object per line/);
    }
  });

  it('a bad value of a million characters is echoed in about 80', async () => {
    const e = await error(run(`y_true,y_pred\n1,${'9'.repeat(1_000_000)}x\n`));
    assert.match(e.message, /^data\.csv:2:3: expected a number in column "y_pred", found "9{79}…"$/);
    const skipped = await run(`y_true,y_pred\n1,0.5\n1,${'9'.repeat(1_000_000)}x\n`, { onInvalid: 'skip' });
    assert.equal(skipped.firstInvalid?.text.length, 80);
  });

  it('a column name of 100,000 characters is quoted in a few dozen', async () => {
    const e = await error(run(`y_true,${'q'.repeat(100_000)}\n1,0.5\n`));
    assert.match(e.message, /^data\.csv:1:1: no column of predictions: .*found "y_true", "q{39}…"\)$/);
  });
});

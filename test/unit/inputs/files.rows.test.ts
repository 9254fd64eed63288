/**
 * The file's own row of a worst sample when invalid rows were skipped (`--on-invalid skip`):
 * index counts the samples read, row counts the file's rows (0-based, skipped ones included), and a
 * Parquet row group or Arrow record batch holds it at group.row. The data are built so the answer
 * is known by construction: rows 3, 14, 25, … have the label 2 and are skipped; three rows far
 * apart (across batches of the sink, row groups and record batches) have much larger losses than
 * any other.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float64, int8, tableFromArrays, tableToIPC } from '@uwdata/flechette';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { runCliAsync } from '../../../src/cli/main';
import { computeParquetSplit } from '../../../src/cli/parquetSplit';
import { fileSource } from '../../../src/cli/source';
import { computeSplit } from '../../../src/cli/split';
import type { WorstSample } from '../../../src/core';
import { computeFileLoss, type FileLossResult } from '../../../src/inputs/files';
import { keras, npy, source } from './filesHelpers';

const N = 90000;
/** The rows of the largest losses, worst first: one in each row group of 30,000 rows. */
const WORST = [77777, 40000, 5];
// Above Keras's clip at 1e-7, so the three losses differ.
const WORST_P = [1e-5, 1e-4, 1e-3];
const GROUP_ROWS = 30000;
const skipped = (i: number) => i % 11 === 3;

function data(): { y: number[]; p: number[] } {
  const y: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < N; i++) {
    const w = WORST.indexOf(i);
    y.push(w >= 0 ? 1 : skipped(i) ? 2 : i % 2);
    p.push(w >= 0 ? WORST_P[w] : 0.3 + 0.4 * (((i * 7919) % 1000) / 1000));
  }
  return { y, p };
}

/** The samples read before row i: its index among them. */
const indexOf = (row: number) => row - Array.from({ length: row }, (_, i) => i).filter(skipped).length;

function csvText(delimiter = ','): string {
  const { y, p } = data();
  return `y_true${delimiter}y_pred\n` + y.map((v, i) => `${v}${delimiter}${p[i]}\n`).join('');
}

function worst(r: FileLossResult): WorstSample[] {
  const x = r.results[0];
  if (!x.ok) assert.fail(x.error);
  return x.result.stats.worst.slice(0, WORST.length);
}

/** The three worst samples are at their file rows, with their indices among the samples read. */
function atFileRows(r: FileLossResult, groups: boolean): void {
  assert.equal(r.invalidRows, Array.from({ length: N }, (_, i) => i).filter(skipped).length);
  assert.equal(r.rows + r.invalidRows, N);
  const got = worst(r);
  assert.deepEqual(
    got.map((w) => w.row),
    WORST,
  );
  assert.deepEqual(
    got.map((w) => w.index),
    WORST.map(indexOf),
  );
  assert.deepEqual(
    got.map((w) => w.group),
    groups ? WORST.map((row) => ({ index: Math.floor(row / GROUP_ROWS), row: row % GROUP_ROWS })) : WORST.map(() => undefined),
  );
}

describe('data files: the file row of a worst sample after skipped rows', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bce-rows-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function parquetFile(): string {
    const { y, p } = data();
    const path = join(dir, 'skips.parquet');
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'y_true', data: Int32Array.from(y), type: 'INT32' },
        { name: 'y_pred', data: Float64Array.from(p), type: 'DOUBLE' },
      ],
      rowGroupSize: GROUP_ROWS,
    });
    writeFileSync(path, new Uint8Array(buffer));
    return path;
  }

  it('CSV and TSV: the data row (header and blank lines not counted) beside the line', async () => {
    for (const [name, text] of [
      ['skips.csv', csvText()],
      ['skips.tsv', csvText('\t')],
    ]) {
      const r = await computeFileLoss(source(text, name), { variants: [keras], onInvalid: 'skip' });
      atFileRows(r, false);
      // The header is line 1: data row i is on line i + 2.
      assert.deepEqual(
        worst(r).map((w) => w.source),
        WORST.map((row) => row + 2),
      );
    }
  });

  it('CSV cut into byte ranges (as the CLI threads read it): the rows of the ranges before are added', async () => {
    const path = join(dir, 'skips.csv');
    writeFileSync(path, csvText());
    const split = await computeSplit(path, fileSource(path).size as number, 'csv', { variants: [keras], onInvalid: 'skip', threads: 3, inline: true, segmentBytes: 65536 });
    assert.ok(split);
    atFileRows(split, false);
  });

  it('JSON Lines: the record (blank lines not counted)', async () => {
    const { y, p } = data();
    const text = y.map((v, i) => JSON.stringify({ y_true: v, y_pred: p[i] }) + (i === 10 ? '\n\n' : '\n')).join('');
    atFileRows(await computeFileLoss(source(text, 'skips.jsonl'), { variants: [keras], onInvalid: 'skip' }), false);
  });

  it('.npy: the array row', async () => {
    const { y, p } = data();
    const bytes = npy({ descr: '<f8', shape: [N, 2], values: y.flatMap((v, i) => [v, p[i]]) });
    atFileRows(await computeFileLoss(source(bytes, 'skips.npy'), { variants: [keras], onInvalid: 'skip' }), false);
  });

  it('Parquet: the file row and the row group with the row in it, by one thread or several', async () => {
    const path = parquetFile();
    atFileRows(await computeFileLoss(fileSource(path), { variants: [keras], onInvalid: 'skip' }), true);
    for (const threads of [2, 3]) {
      // Blocks of one row group, or of several (the last group of a block ends past 40,000 rows).
      const split = await computeParquetSplit(path, { variants: [keras], onInvalid: 'skip', threads, inline: true, blockRows: threads === 2 ? 1 : 40_000 });
      assert.ok(split);
      atFileRows(split, true);
    }
    // The first skipped row's message names both numbers.
    const r = await computeFileLoss(fileSource(path), { variants: [keras], onInvalid: 'skip' });
    assert.match(r.firstInvalid?.reason ?? '', /\(row 3 of the file: row group 0, row 3\)$/);
    await assert.rejects(computeFileLoss(fileSource(path), { variants: [keras] }), /skips\.parquet:4:1: expected a label in \[0, 1\].* \(row 3 of the file: row group 0, row 3\)/);
  });

  it('Arrow IPC file and stream: the file row and the record batch with the row in it', async () => {
    const { y, p } = data();
    const table = tableFromArrays({ y_true: y, y_pred: p }, { types: { y_true: int8(), y_pred: float64() }, maxBatchRows: GROUP_ROWS });
    for (const [name, format] of [
      ['skips.arrow', 'file'],
      ['skips.arrows', 'stream'],
    ] as const) {
      const bytes = tableToIPC(table, { format }) as Uint8Array;
      atFileRows(await computeFileLoss(source(bytes, name), { variants: [keras], onInvalid: 'skip' }), true);
    }
  });

  it('the CLI --json gives row and group with each worst sample', async () => {
    const path = parquetFile();
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCliAsync([path, '--on-invalid', 'skip', '--json'], { out: (s) => out.push(s), err: (s) => err.push(s), stdin: () => '' });
    assert.equal(code, 0, err.join('\n'));
    const json = JSON.parse(out.join('\n')) as { stats: { worst: WorstSample[] } };
    assert.deepEqual(json.stats.worst[0], { index: indexOf(77777), loss: json.stats.worst[0].loss, yTrue: [1], yPred: [1e-5], weight: 1, row: 77777, group: { index: 2, row: 17777 } });
  });
});

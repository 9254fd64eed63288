/**
 * Parquet and Arrow files: the fixtures of test/fixtures/columnar (written by its
 * generate-columnar.js with DuckDB and flechette) against the losses it computed without BCE Lens
 * (DuckDB's SQL, a float64 loop), read through positional reads and through a streaming-only source.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRange } from '../../../src/cli/source';
import { computeLoss, type LossResult } from '../../../src/core';
import { float64, int32, int8, tableFromArrays, tableToIPC } from '@uwdata/flechette';
import { computeFileLoss, sniffFormat, type FileComputeOptions, type FileLossResult } from '../../../src/inputs/files';
import type { DataSource } from '../../../src/inputs/files/types';
import { InputError } from '../../../src/inputs/inputError';
import { keras, source, torch } from './filesHelpers';

const dir = join(__dirname, '../../fixtures/columnar');
interface Expected {
  loss: number;
  n: number;
  labels?: number;
  invalid?: number;
  firstInvalidRow?: number;
  epochs?: { epoch: string; split: string; loss: number; n: number }[];
  encodings?: string[];
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;

/** The fixture as the CLI opens it: positional reads of the file on disk (into the reader's reused buffer when it offers one). */
function onDisk(name: string): DataSource & { ranges: [number, number][] } {
  const path = join(dir, name);
  const bytes = readFileSync(path);
  const ranges: [number, number][] = [];
  return {
    name,
    size: bytes.byteLength,
    ranges,
    chunks: source(bytes, name).chunks,
    read: (offset, length, into) => {
      ranges.push([offset, length]);
      return readRange(path, offset, length, into);
    },
  };
}

/** The fixture through a source that can only stream (a virtual workspace): read whole. */
function streamed(name: string): DataSource {
  return source(readFileSync(join(dir, name)), name, 4096);
}

function ok(r: FileLossResult, k = 0): LossResult {
  const x = r.results[k];
  if (!x.ok) assert.fail(`variant ${k} failed: ${x.error}`);
  return x.result;
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${what}: ${a} vs ${b}`);

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<InputError> {
  let error: InputError | undefined;
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), 'one line');
    error = e;
    return true;
  });
  return error as InputError;
}

const run = (s: DataSource, options: Partial<FileComputeOptions> = {}) => computeFileLoss(s, { variants: [keras], ...options });

describe('data files: Parquet', () => {
  for (const name of ['snappy.parquet', 'uncompressed.parquet', 'gzip.parquet', 'zstd.parquet', 'lz4raw.parquet', 'v2.parquet', 'types.parquet', 'multilabel.parquet', 'epochs.parquet', 'pages.parquet']) {
    const e = expected[name];
    it(`${name} (${(e.encodings ?? []).join('; ')}) gives DuckDB's loss`, async () => {
      for (const s of [onDisk(name), streamed(name)]) {
        const r = await run(s);
        assert.equal(r.format, 'parquet');
        assert.equal(r.rows, e.n);
        close(ok(r).loss as number, e.loss, name);
        if (e.labels) assert.equal(ok(r).labels, e.labels);
      }
    });
  }

  it('covers each encoding and compression the reader claims', () => {
    const seen = Object.values(expected).flatMap((e) => e.encodings ?? []).join(' ');
    for (const word of ['PLAIN', 'PLAIN_DICTIONARY', 'RLE_DICTIONARY', 'RLE', 'BYTE_STREAM_SPLIT', 'DELTA_BINARY_PACKED', 'UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD', 'LZ4_RAW']) assert.match(seen, new RegExp(`\\b${word}\\b`), word);
  });

  it('reads the footer and then only the chunks of the columns it needs', async () => {
    const s = onDisk('v2.parquet');
    await run(s, { columns: { yTrue: 'label32', yPred: 'score32' } });
    const read = s.ranges.reduce((sum, [, n]) => sum + n, 0);
    assert.ok(read < (s.size as number) / 2, `${read} of ${s.size} bytes read for 2 of 5 columns`);
    assert.equal(s.ranges[0][0], 0, 'the magic first');
  });

  it('takes the columns by --y-true/--y-pred/--weight (FLOAT with BYTE_STREAM_SPLIT, INT32 labels, INT64 DELTA_BINARY_PACKED weights)', async () => {
    const r = await run(onDisk('v2.parquet'), { columns: { yTrue: 'label32', yPred: 'score32' } });
    close(ok(r).loss as number, expected['v2.parquet#float32'].loss, 'float32');
    assert.deepEqual(r.columns.yTrue, ['label32']);
    const weighted = await run(onDisk('v2.parquet'), { columns: { weight: 'step_id' } });
    close(ok(weighted).loss as number, expected['v2.parquet#weighted'].loss, 'INT64 DELTA_BINARY_PACKED weights');
  });

  it('another writer (hyparquet-writer): many pages a chunk, row groups of 700 and 3000 rows, RLE booleans, epochs', async () => {
    const r = await run(onDisk('pages.parquet'));
    assert.equal(r.columns.weight, 'sample_weight');
    assert.equal(r.columns.epoch, 'epoch');
    assert.deepEqual(
      r.epochs?.map((e) => [e.epoch, e.split, e.n]),
      ['0', '1', '2', '3', '4'].flatMap((e) => [[e, 'val', 200], [e, 'train', 800]]),
    );
  });

  it('DECIMAL predictions stored as INT32 and INT64 are scaled; as bytes, refused with the column named', async () => {
    close(ok(await run(onDisk('decimal.parquet'))).loss as number, expected['decimal.parquet'].loss, 'DECIMAL(9, 6)');
    close(ok(await run(onDisk('decimal.parquet'), { columns: { yPred: 'pred64' } })).loss as number, expected['decimal.parquet#pred64'].loss, 'DECIMAL(18, 9)');
    await rejects(run(onDisk('decimal.parquet'), { columns: { yPred: 'pred_wide' } }), /y_pred: column "pred_wide" cannot be read: a DECIMAL stored as bytes/);
  });

  it('weights (INT32 sample_weight, INT64 labels, FLOAT predictions)', async () => {
    const r = await run(onDisk('types.parquet'));
    assert.equal(r.columns.weight, 'sample_weight');
    close(ok(r).loss as number, expected['types.parquet'].loss, 'weighted');
  });

  it('the loss per epoch and split (a dictionary-encoded string column)', async () => {
    const r = await run(onDisk('epochs.parquet'));
    const e = expected['epochs.parquet'].epochs ?? [];
    assert.equal(r.epochs?.length, e.length);
    r.epochs?.forEach((got, k) => {
      assert.equal(got.epoch, e[k].epoch);
      assert.equal(got.split, e[k].split);
      assert.equal(got.n, e[k].n);
      close(got.loss, e[k].loss, `epoch ${got.epoch} ${got.split}`);
    });
  });

  it('a null is an invalid row naming the file, row group, column and row; skip counts them', async () => {
    const e = expected['nulls.parquet'];
    const err = await rejects(run(onDisk('nulls.parquet')), /^nulls\.parquet:6:2: null in column "y_pred" \(row 5 of the file: row group 0, row 5\)/);
    assert.deepEqual(err.place, { source: 'nulls.parquet', line: (e.firstInvalidRow as number) + 1, column: 2 });
    const r = await run(onDisk('nulls.parquet'), { onInvalid: 'skip' });
    assert.equal(r.invalidRows, e.invalid);
    assert.equal(r.firstInvalid?.line, (e.firstInvalidRow as number) + 1);
    assert.match(r.firstInvalid?.reason ?? '', /row group 0, row 5/);
    assert.equal(r.rows, e.n);
    close(ok(r).loss as number, e.loss, 'skipped nulls');
  });

  it('several option sets in one pass, and a restart as logits', async () => {
    const r = await computeFileLoss(onDisk('snappy.parquet'), { variants: [keras, torch] });
    close(ok(r, 0).loss as number, expected['snappy.parquet'].loss, 'keras');
    assert.ok(Number.isFinite(ok(r, 1).loss as number));
    const logits = await computeFileLoss(onDisk('snappy.parquet'), { variants: [{ ...keras, fromLogits: true }] });
    assert.equal(ok(logits).fromLogits, true);
  });

  it('a CSV named .parquet is refused by its magic bytes, not read as CSV', async () => {
    await rejects(run(onDisk('csv-named.parquet')), /^csv-named\.parquet:1:1: not a Parquet file: it does not start with "PAR1"/);
    await rejects(run(onDisk('csv-named.parquet'), { format: 'parquet' }), /not a Parquet file/);
  });

  it('a file cut short, or a damaged column chunk: one line naming the file and the row group and column', async () => {
    await rejects(run(onDisk('truncated.parquet')), /^truncated\.parquet:1:1: the Parquet file is cut short or damaged/);
    await rejects(run(onDisk('damaged.parquet')), /^damaged\.parquet:2049:1: row group 1, column "y_true": damaged data/);
  });

  it('brotli: a clear "not read" naming the column', async () => {
    await rejects(run(onDisk('brotli.parquet')), /row group 0, column "y_true": compressed with BROTLI, which BCE Lens does not read/);
  });

  it('a column that holds strings is refused as labels', async () => {
    await rejects(run(onDisk('epochs.parquet'), { columns: { yTrue: 'split', yPred: 'y_pred' } }), /y_true: column "split" holds strings/);
  });
});

describe('data files: Arrow IPC', () => {
  for (const name of ['file.arrow', 'stream.arrows', 'lz4.feather', 'zstd.feather', 'multilabel.arrow']) {
    const e = expected[name];
    it(`${name} gives the float64 reference`, async () => {
      for (const s of [onDisk(name), streamed(name)]) {
        const r = await run(s);
        assert.equal(r.format, 'arrow');
        assert.equal(r.rows, e.n);
        close(ok(r).loss as number, e.loss, name);
        if (e.labels) assert.equal(ok(r).labels, e.labels);
        if (e.epochs) {
          assert.equal(r.columns.split, 'split');
          assert.deepEqual(
            r.epochs?.map((x) => [x.epoch, x.split, x.n]),
            e.epochs.map((x) => [x.epoch, x.split, x.n]),
          );
          r.epochs?.forEach((x, k) => close(x.loss, (e.epochs as Expected['epochs'] & object)[k].loss, `epoch ${x.epoch}`));
        }
      }
    });
  }

  it('a stream of logits with from_logits auto: read once, the logits lane beside the probabilities one (as the IPC file gives)', async () => {
    // Logits in record batches of 3 rows, with epochs; the stream cannot be read a second time.
    const y = Int8Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const p = Float64Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 2.5 : -1.5) + 0.1 * i);
    const epoch = Int32Array.from({ length: 12 }, (_, i) => 1 + (i >> 2));
    const table = tableFromArrays({ y_true: y, y_pred: p, epoch }, { types: { y_true: int8(), y_pred: float64(), epoch: int32() }, maxBatchRows: 3 });
    const asFile = await run(source(tableToIPC(table, { format: 'file' }) as Uint8Array, 'logits.arrow'));
    for (const s of [source(tableToIPC(table, { format: 'stream' }) as Uint8Array, 'logits.arrows'), source(tableToIPC(table, { format: 'stream' }) as Uint8Array, 'logits.arrows', 7)]) {
      const r = await run(s, { metrics: true });
      assert.equal(ok(r).fromLogits, true);
      assert.equal(ok(r).loss, ok(asFile).loss);
      assert.equal(ok(r).loss, computeLoss({ yTrue: Array.from(y), yPred: Array.from(p) }, { ...keras, fromLogits: true }).loss);
      assert.deepEqual(r.epochs, asFile.epochs);
    }
  });

  it('nulls over many record batches: an error naming the batch and row, or skipped and counted', async () => {
    const e = expected['nulls.arrow'];
    await rejects(run(onDisk('nulls.arrow')), /^nulls\.arrow:6:2: null in column "y_pred" \(row 5 of the file: record batch 0, row 5\)/);
    const r = await run(onDisk('nulls.arrow'), { onInvalid: 'skip' });
    assert.equal(r.invalidRows, e.invalid);
    close(ok(r).loss as number, e.loss, 'skipped nulls');
  });

  it('one record batch at a time: a file by position (footer, then each batch), a stream message by message', async () => {
    const s = onDisk('lz4.feather');
    await run(s);
    const largest = Math.max(...s.ranges.map(([, n]) => n));
    assert.ok(largest < (s.size as number) / 3, `the largest read is ${largest} of ${s.size} bytes`);
    const stream = readFileSync(join(dir, 'stream.arrows'));
    await rejects(run(source(stream.subarray(0, stream.length - 100), 'cut.arrows', 1000)), /^cut\.arrows:1:1: the Arrow data is damaged or cut short in record batch 4 \(the stream ends inside a message/);
  });

  it('a CSV named .arrow is refused; a cut-short file gives one line', async () => {
    await rejects(run(source('y_true,y_pred\n1,0.5\n', 'x.feather')), /^x\.feather:1:1: not an Arrow IPC file or stream/);
    const whole = readFileSync(join(dir, 'file.arrow'));
    await rejects(run(source(whole.subarray(0, 3000), 'cut.arrow')), /^cut\.arrow:1:1: the Arrow data is damaged or cut short/);
  });
});

describe('data files: columnar progress and cancel', () => {
  it('reports progress up to the file size, by row groups or record batches, and stops on abort', async () => {
    for (const name of ['snappy.parquet', 'lz4.feather']) {
      const seen: number[] = [];
      const s = onDisk(name);
      await run(s, { onProgress: (b) => seen.push(b) });
      assert.ok(seen.length >= 2, `${name}: ${seen.length} reports`);
      assert.equal(seen[seen.length - 1], s.size);
      assert.ok(seen.every((b, i) => i === 0 || b >= seen[i - 1]));
      const controller = new AbortController();
      const stopped = run(onDisk(name), { signal: controller.signal, onProgress: () => controller.abort() });
      await assert.rejects(stopped, (e: Error) => e.name === 'AbortError');
    }
  });
});

describe('data files: format detection by magic bytes', () => {
  it('PAR1, ARROW1 and the stream marker, whatever the name', async () => {
    assert.equal(sniffFormat(readFileSync(join(dir, 'snappy.parquet')).subarray(0, 64)), 'parquet');
    assert.equal(sniffFormat(readFileSync(join(dir, 'file.arrow')).subarray(0, 64)), 'arrow');
    assert.equal(sniffFormat(readFileSync(join(dir, 'stream.arrows')).subarray(0, 64)), 'arrow');
    const r = await run(source(readFileSync(join(dir, 'snappy.parquet')), 'no-extension'));
    assert.equal(r.format, 'parquet');
    close(ok(r).loss as number, expected['snappy.parquet'].loss, 'sniffed');
  });
});

describe('data files: columnar file facts', () => {
  it('format, writer, row groups or record batches, compression and column types, as the file declares them', async () => {
    const p = (await run(onDisk('decimal.parquet'))).facts;
    assert.equal(p?.container, 'Parquet');
    assert.match(p?.writer ?? '', /^DuckDB version v1\.5\.6/);
    assert.deepEqual([p?.groups, p?.groupKind, p?.compression], [3, 'row groups', ['SNAPPY']]);
    assert.deepEqual(p?.columns.map((c) => c.type), ['INT32 (INT_32)', 'INT32 (DECIMAL(9, 6))', 'INT64 (DECIMAL(18, 9))', 'FIXED_LEN_BYTE_ARRAY (DECIMAL(30, 10))']);
    assert.deepEqual((await run(onDisk('multilabel.parquet'))).facts?.columns, [
      { name: 'y_true', type: 'LIST<INT32 (INT_32)>' },
      { name: 'y_pred', type: 'LIST<DOUBLE>' },
    ]);
    const f = (await run(onDisk('lz4.feather'))).facts;
    assert.deepEqual(f, {
      container: 'Arrow IPC file',
      groups: 5,
      groupKind: 'record batches',
      compression: ['LZ4_FRAME'],
      columns: [
        { name: 'y_true', type: 'int8' },
        { name: 'y_pred', type: 'double' },
        { name: 'split', type: 'dictionary<values=string>' },
        { name: 'epoch', type: 'int32' },
      ],
    });
    const s = (await run(streamed('stream.arrows'))).facts;
    assert.deepEqual([s?.container, s?.groups, s?.compression], ['Arrow IPC stream', 5, ['UNCOMPRESSED']]);
    assert.deepEqual((await run(onDisk('zstd.feather'))).facts?.compression, ['ZSTD']);
  });
});

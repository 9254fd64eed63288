/**
 * Mutated Parquet and Arrow files (bit flips, cuts, size fields set huge, random bytes in the
 * footers, page headers and message prefixes; columnarMutations.ts): any bytes give a result or a
 * typed input error with a place, never another exception or a hang. scripts/fuzz-columnar.ts runs
 * many more seeds and watches time and memory too.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { mutate, readMutated, targetOf, type Target } from './columnarMutations';

const dir = join(__dirname, '../../fixtures/columnar');
const FIXTURES = ['snappy.parquet', 'uncompressed.parquet', 'zstd.parquet', 'gzip.parquet', 'v2.parquet', 'pages.parquet', 'multilabel.parquet', 'nulls.parquet', 'epochs.parquet', 'file.arrow', 'stream.arrows', 'lz4.feather', 'zstd.feather', 'multilabel.arrow', 'nulls.arrow'];
const targets: Target[] = FIXTURES.map((f) => targetOf(f, new Uint8Array(readFileSync(join(dir, f)))));

describe('data files: fuzzing the Parquet and Arrow readers', () => {
  it('every fixture reads as it is (the mutations start from good files)', async () => {
    for (const t of targets) {
      const r = await readMutated(t.bytes, t.name, true, 'skip');
      assert.ok(r.ok, `${t.name}: ${r.ok ? '' : r.error.message}`);
    }
  });

  it('mutated bytes give a result or a typed error with a place, by positional reads or streamed', async () => {
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: targets.length - 1 }), fc.nat(), fc.boolean(), fc.boolean(), async (t, seed, positional, skip) => {
        const m = mutate(targets[t], seed);
        try {
          const r = await readMutated(m.bytes, targets[t].name, positional, skip ? 'skip' : 'error');
          if (!r.ok) errors++;
          else assert.ok(r.rows >= 0);
        } catch (e) {
          assert.fail(`${targets[t].name}, seed ${seed} (${m.how}): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
      }),
      { numRuns: 300, seed: 20261207 },
    );
    assert.ok(errors > 30, `only ${errors} of 300 mutations were refused: the mutations barely touch the files`);
  });

  it('the cases the long run found: a v2 page header without its level lengths (read for ever), a level run of 2^31 (minutes), a batch of NaN rows, a field without a name, a schema list of 1.7·10⁹ entries (out of memory)', async () => {
    for (const [name, seed, pattern] of [
      ['pages.parquet', 612, /pages\.parquet:\d+:\d+: row group \d+, column "[a-z_]+": damaged data \(the length of the repetition levels is undefined\)/],
      ['uncompressed.parquet', 2536, /^uncompressed\.parquet:1:2: row group 0, column "y_pred": damaged data \(the encoded values end after 0 of 2048\)/],
      ['multilabel.arrow', 88, /^multilabel\.arrow:1:1: the Arrow data is damaged in record batch 0: it declares NaN rows/],
      ['stream.arrows', 174, /^stream\.arrows:1:1: the Arrow schema is damaged: field 1 has no name/],
      ['multilabel.arrow', 1008, /^multilabel\.arrow:1:1: the Arrow data is damaged or cut short \(a list of 1677721600 entries runs past the 376 bytes of its header\)/],
    ] as const) {
      const t = targets.find((x) => x.name === name) as Target;
      const r = await readMutated(mutate(t, seed).bytes, name, seed % 3 !== 0, seed % 2 ? 'skip' : 'error');
      assert.ok(!r.ok, `${name} seed ${seed} was read`);
      assert.match(r.error.message, pattern);
    }
  });
});

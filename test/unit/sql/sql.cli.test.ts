import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USAGE } from '../../../src/cli/args';
import { openDuckdb } from '../../../src/inputs/engines/duckdbEngine';
import { cli, relative } from './sqlCli';


describe('CLI: --engine duckdb and bce-lens sql', function () {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bce-engine-'));
    const duck = await openDuckdb();
    // Three Parquet files with clipped rows (0 and 1), weights and epochs: a glob the engine reads whole.
    for (let k = 0; k < 3; k++) {
      await duck.run(
        `COPY (SELECT (hash(i) % 2)::DOUBLE AS y_true, CASE WHEN i % 97 = 0 THEN 0.0 WHEN i % 89 = 0 THEN 1.0 ELSE ((hash(i * 3) % 1000003) / 1000003.0)::DOUBLE END AS y_pred,` +
          ` (0.5 + (i % 4))::DOUBLE AS weight, (i % 3)::BIGINT AS epoch FROM range(${k * 20000}, ${(k + 1) * 20000}) t(i)) TO '${join(dir, `part${k}.parquet`)}' (FORMAT parquet)`,
      );
    }
    await duck.run(`COPY (SELECT * FROM read_parquet('${join(dir, 'part*.parquet')}')) TO '${join(dir, 'all.parquet')}' (FORMAT parquet)`);
    duck.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const semantics of ['keras', 'torch', 'sklearn', 'xgboost', 'lightgbm', 'spark']) {
    it(`${semantics}: the engine's loss on a glob of 3 files equals the CLI's file result on the same rows (1e-12)`, async () => {
      const options = ['--semantics', semantics, '--weight', 'weight', '--epoch', 'epoch', '--json'];
      const file = await cli([join(dir, 'all.parquet'), ...options]);
      const engine = await cli(['--engine', 'duckdb', join(dir, 'part*.parquet'), ...options]);
      assert.equal(engine.code, 0, engine.err.join('\n'));
      assert.equal(file.code, 0, file.err.join('\n'));
      const a = JSON.parse(engine.out.join('')) as { loss: number; n: number; engine: string; epochs: { epoch: string; loss: number; n: number }[]; stats: { weightSum: number } };
      const b = JSON.parse(file.out.join('')) as typeof a;
      assert.ok(relative(a.loss, b.loss) <= 1e-12, `${a.loss} vs ${b.loss}`);
      assert.equal(a.n, 60000);
      assert.equal(a.engine, 'duckdb');
      assert.deepEqual(a.epochs.map((e) => [e.epoch, e.n]), b.epochs.map((e) => [e.epoch, e.n]));
      a.epochs.forEach((e, i) => assert.ok(relative(e.loss, b.epochs[i].loss) <= 1e-12));
    });
  }

  it('prints the loss and the epochs as for a file, and the clipping warning', async () => {
    const r = await cli(['--engine', 'duckdb', '--from', `SELECT y_true, y_pred * 1.5 AS y_pred FROM read_parquet('${join(dir, 'part0.parquet')}')`, '--from-logits', 'false']);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.ok(Number.isFinite(Number(r.out[0])));
    assert.match(r.err.join('\n'), /prediction\(s\) outside \[0, 1\] were clipped as Keras 3 does/);
  });

  it('a missing column: the engine\'s error, naming the column, exit 2', async () => {
    const r = await cli(['--engine', 'duckdb', join(dir, 'part0.parquet'), '--y-pred', 'score']);
    assert.equal(r.code, 2);
    assert.equal(r.err.length, 1);
    assert.match(r.err[0], /^bce-lens: DuckDB: .*"score"/);
  });

  it('a query that is not one SELECT or WITH is refused before anything runs', async () => {
    for (const from of ['DELETE FROM rows', 'SELECT 1; DROP TABLE rows']) {
      const r = await cli(['sql', '--dialect', 'postgres', '--from', from]);
      assert.equal(r.code, 2);
      assert.match(r.err[0], /^bce-lens: (expected a SELECT or WITH statement|expected one SELECT or WITH statement)/);
    }
  });

  it('bce-lens sql prints the query for each dialect; a wrong dialect is a usage error', async () => {
    for (const dialect of ['duckdb', 'postgres', 'spark', 'bigquery', 'trino', 'clickhouse']) {
      const r = await cli(['sql', '--dialect', dialect, '--from', 'events', '--semantics', 'torch', '--from-logits', 'true']);
      assert.equal(r.code, 0, r.err.join('\n'));
      assert.match(r.out.join('\n'), /GROUPING SETS|GROUP BY bce_epoch, bce_split, bce_bin/);
    }
    const bad = await cli(['sql', '--dialect', 'oracle', '--from', 'events']);
    assert.equal(bad.code, 2);
    assert.match(bad.err[0], /--dialect: expected one of duckdb, postgres, spark, bigquery, trino, clickhouse, got "oracle"/);
  });

  it('--help names the engine options and the sql command', () => {
    for (const flag of ['--engine', '--from', '--timeout', 'bce-lens sql --dialect']) assert.ok(USAGE.includes(flag), flag);
  });
});

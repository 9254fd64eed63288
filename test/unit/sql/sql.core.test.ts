import * as assert from 'node:assert/strict';
import { computeLoss, BceError } from '../../../src/core';
import { buildLossQuery, checkUserQuery, finishSqlState, mergeSqlStates, readSqlRows, resolveSqlOptions, SQL_DIALECT_IDS } from '../../../src/core/sql';
import { openDuckdb } from '../../../src/inputs/engines/duckdbEngine';
import { computeInEngine } from '../../../src/inputs/engines/engineRun';

describe('SQL: the user query is one read-only SELECT or WITH', () => {
  it('keeps a SELECT or WITH, without its trailing semicolon', () => {
    assert.equal(checkUserQuery('  SELECT 1 AS y_true;  \n'), 'SELECT 1 AS y_true');
    assert.equal(checkUserQuery("WITH t AS (SELECT 'a;b' AS s) SELECT * FROM t -- ; drop\n;"), "WITH t AS (SELECT 'a;b' AS s) SELECT * FROM t -- ; drop");
    assert.equal(checkUserQuery('SELECT "delete" FROM t'), 'SELECT "delete" FROM t');
  });
  it('refuses a second statement, another statement kind, or a writing keyword, naming the place', () => {
    assert.throws(() => checkUserQuery('SELECT 1; DROP TABLE t'), /second statement after the ';' at character 9/);
    assert.throws(() => checkUserQuery('DELETE FROM t'), /expected a SELECT or WITH statement, got "DELETE" at character 1/);
    assert.throws(() => checkUserQuery('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d'), /"DELETE" at character 12 is not allowed/);
    assert.throws(() => checkUserQuery("SELECT 'open"), /unclosed string starting at character 8/);
    assert.throws(() => checkUserQuery(''), /got no statement/);
  });
});

describe('SQL: options the engine cannot return are refused in one line', () => {
  const roles = { yTrue: 'y', yPred: 'p' };
  it('reduction none, multi-label columns, weights where the framework takes none', () => {
    assert.throws(() => resolveSqlOptions({ semantics: 'torch', fromLogits: false, labelSmoothing: 0, dtype: 'float64', reduction: 'none' }, false, roles), /reduction "none"/);
    assert.throws(() => resolveSqlOptions({ semantics: 'torch', fromLogits: false, labelSmoothing: 0, dtype: 'float64' }, false, { yTrue: 'a,b', yPred: 'c,d' }), /one label column/);
    assert.throws(() => resolveSqlOptions({ semantics: 'optax', fromLogits: true, labelSmoothing: 0, dtype: 'float64' }, true, { ...roles, weight: 'w' }), /takes no sample weights/);
  });
  it('float32 steps in BigQuery, which has no 32-bit float', () => {
    const options = resolveSqlOptions({ semantics: 'xgboost', fromLogits: false, labelSmoothing: 0, dtype: 'float64' }, false, roles);
    assert.throws(() => buildLossQuery({ dialect: 'bigquery', source: { kind: 'table', name: 't' }, roles, options }), (e: unknown) => e instanceof BceError && /BigQuery has no 32-bit float type/.test(e.message));
  });
  it('a Parquet path outside DuckDB', () => {
    const options = resolveSqlOptions({ semantics: 'keras', fromLogits: false, labelSmoothing: 0, dtype: 'float64' }, false, roles);
    assert.throws(() => buildLossQuery({ dialect: 'postgres', source: { kind: 'parquet', path: 'a.parquet' }, roles, options }), /PostgreSQL reads no Parquet path/);
    // Every dialect returns the totals and the histogram in one query: GROUPING SETS, or (one-pass top-k) one GROUP BY added up.
    for (const dialect of SQL_DIALECT_IDS) assert.match(buildLossQuery({ dialect, source: { kind: 'table', name: 's.t' }, roles, options }), /GROUPING SETS|GROUP BY bce_epoch, bce_split, bce_bin/);
  });
});

describe('SQL: in DuckDB', function () {
  let duck: Awaited<ReturnType<typeof openDuckdb>>;
  before(async () => {
    duck = await openDuckdb();
  });
  after(() => duck?.close());

  it('log1p where DuckDB has none: a logit of 40 with label 1 costs 4.25e-18, not 0', async () => {
    const r = await computeInEngine(duck.run, {
      dialect: 'duckdb',
      source: { kind: 'query', sql: 'SELECT 1.0 AS y_true, 40.0 AS y_pred' },
      roles: { yTrue: 'y_true', yPred: 'y_pred' },
      options: { semantics: 'keras', fromLogits: true, labelSmoothing: 0, dtype: 'float64' },
    });
    const expected = computeLoss({ yTrue: [1], yPred: [40] }, { semantics: 'keras', fromLogits: true, labelSmoothing: 0, dtype: 'float64' }).loss as number;
    assert.equal(expected, Math.log1p(Math.exp(-40)));
    assert.ok(Math.abs((r.result.loss as number) - expected) <= 1e-15 * expected, `${r.result.loss} vs ${expected}`);
  });

  it('partial results (per epoch, as per partition or per file) merge to the whole, epochs listed', async () => {
    const source = 'SELECT (i % 2)::DOUBLE AS y_true, ((i * 7919) % 1000) / 1000.0 AS y_pred, 1 + (i % 5) AS w, i % 3 AS epoch FROM range(3000) t(i)';
    const roles = { yTrue: 'y_true', yPred: 'y_pred', weight: 'w', epoch: 'epoch' };
    const options = resolveSqlOptions({ semantics: 'sklearn', fromLogits: false, labelSmoothing: 0, dtype: 'float64' }, false, roles);
    const part = async (where: string) => readSqlRows(await duck.run(buildLossQuery({ dialect: 'duckdb', source: { kind: 'query', sql: `SELECT * FROM (${source}) WHERE ${where}` }, roles, options })), options);
    const whole = finishSqlState(await part('true'), roles);
    const merged = finishSqlState(mergeSqlStates(mergeSqlStates(await part('epoch = 0'), await part('epoch = 1')), await part('epoch = 2')), roles);
    assert.ok(Math.abs((merged.result.loss as number) - (whole.result.loss as number)) <= 1e-15 * (whole.result.loss as number));
    assert.equal(merged.result.n, 3000);
    assert.deepEqual(merged.result.stats.histogram, whole.result.stats.histogram);
    assert.deepEqual(merged.epochs?.map((e) => [e.epoch, e.n]), [['0', 1000], ['1', 1000], ['2', 1000]]);
    // Both halves split the same way give the same epochs too.
    const byHalf = finishSqlState(mergeSqlStates(await part('y_pred < 0.5'), await part('y_pred >= 0.5')), roles);
    assert.deepEqual(byHalf.epochs?.map((e) => e.n), [1000, 1000, 1000]);
  });

  it('bad values refuse the result naming the column; a missing column is the engine\'s own error', async () => {
    const run = (sql: string, semantics: 'keras' | 'torch' | 'sklearn' = 'keras') =>
      computeInEngine(duck.run, { dialect: 'duckdb', source: { kind: 'query', sql }, roles: { yTrue: 'y_true', yPred: 'y_pred' }, options: { semantics, fromLogits: false, labelSmoothing: 0, dtype: 'float64' } });
    await assert.rejects(run('SELECT 1.0 AS y_true, NULL::DOUBLE AS y_pred'), /column "y_pred": 1 prediction\(s\) NULL or not finite/);
    await assert.rejects(run("SELECT 2.0 AS y_true, 0.5 AS y_pred"), /column "y_true": 1 label\(s\) NULL, not finite or outside \[0, 1\]/);
    await assert.rejects(run("SELECT 'nan'::DOUBLE AS y_true, 0.5 AS y_pred"), /column "y_true"/);
    await assert.rejects(run('SELECT 0.5 AS y_true, 0.5 AS y_pred', 'sklearn'), /treats labels as classes/);
    await assert.rejects(run('SELECT 1.0 AS y_true, 1.5 AS y_pred', 'torch'), /column "y_pred": PyTorch BCELoss needs probabilities in \[0, 1\]/);
    await assert.rejects(run('SELECT 1.0 AS y_true, 0.5 AS y_pred WHERE false'), /the source has no rows/);
    await assert.rejects(run('SELECT 1.0 AS y_true, 0.5 AS prediction'), /y_pred/);
  });

  it('from_logits auto: predictions outside [0, 1] are read again as logits, with the warning', async () => {
    const r = await computeInEngine(duck.run, {
      dialect: 'duckdb',
      source: { kind: 'query', sql: 'SELECT * FROM (VALUES (1.0, 2.0), (0.0, -3.0)) t(y_true, y_pred)' },
      roles: { yTrue: 'y_true', yPred: 'y_pred' },
      options: { semantics: 'torch', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' },
    });
    const core = computeLoss({ yTrue: [1, 0], yPred: [2, -3] }, { semantics: 'torch', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' });
    assert.equal(r.result.logitsDetected, true);
    assert.ok(Math.abs((r.result.loss as number) - (core.loss as number)) <= 1e-15);
    assert.match(r.result.warnings[0], /predictions read as logits/);
  });
});

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeLoss, FRAMEWORK_LIST, type Dtype, type LossOptions, type Semantics } from '../../../src/core';
import { computeInEngine } from '../../../src/inputs/engines/engineRun';
import { DUCKDB_PACKAGE, openDuckdb } from '../../../src/inputs/engines/duckdbEngine';
import { sqlTestCsv, sqlTestData } from './sqlData';

const relative = (a: number, b: number) => (Object.is(a, b) ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

describe('SQL: DuckDB computes what the core computes (every preset and reduction)', function () {
  const data = sqlTestData(3000);
  let dir: string;
  let duck: Awaited<ReturnType<typeof openDuckdb>>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bce-sql-'));
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, sqlTestCsv(data));
    duck = await openDuckdb();
    // Typed columns, so DuckDB parses each number to the same double JavaScript does.
    await duck.run(`CREATE TABLE bce_rows AS SELECT * FROM read_csv('${csv}', header = true, columns = {'y_true': 'DOUBLE', 'y_soft': 'DOUBLE', 'y_pred': 'DOUBLE', 'logit': 'DOUBLE', 'weight': 'DOUBLE', 'epoch': 'BIGINT'})`);
  });
  after(() => {
    duck?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const fw of FRAMEWORK_LIST) {
    const semantics = fw.id as Semantics;
    const logitsChoices = [false, true].filter((l) => !(l ? fw.refuses.logits : fw.refuses.probabilities));
    const dtypes: Dtype[] = fw.fixedDtype ? ['float64'] : ['float64', 'float32'];
    for (const reduction of fw.reductions.filter((r) => r !== 'none')) {
      for (const fromLogits of logitsChoices) {
        // Two cases per reduction and input kind: weighted float64, and unweighted in the other dtype.
        const cases = [
          { dtype: 'float64' as Dtype, weighted: !fw.refuses.sampleWeights },
          { dtype: dtypes[dtypes.length - 1], weighted: false },
        ];
        for (const { dtype, weighted } of cases) {
          {
            const soft = !fw.classLabels;
            const extras: Partial<LossOptions> = {
              ...(fw.labelSmoothing ? { labelSmoothing: 0.1 } : {}),
              ...(fw.posWeight && fromLogits ? { posWeight: [2.5] } : {}),
            };
            const name = `${semantics} ${reduction} ${fromLogits ? 'logits' : 'probabilities'} ${dtype}${weighted ? ' weighted' : ''}${extras.labelSmoothing ? ' smoothing 0.1' : ''}${extras.posWeight ? ' pos_weight 2.5' : ''}`;
            it(name, async () => {
              const options: LossOptions = { semantics, fromLogits, labelSmoothing: 0, reduction, dtype, ...extras };
              const yTrue = soft ? data.ySoft : data.y;
              const yPred = fromLogits ? data.x : data.p;
              const core = computeLoss({ yTrue, yPred, ...(weighted ? { sampleWeight: data.w } : {}) }, options);
              const engine = await computeInEngine(duck.run, {
                dialect: 'duckdb',
                source: { kind: 'table', name: 'bce_rows' },
                roles: { yTrue: soft ? 'y_soft' : 'y_true', yPred: fromLogits ? 'logit' : 'y_pred', ...(weighted ? { weight: 'weight' } : {}) },
                options,
              });
              const r = engine.result;
              assert.ok(relative(r.loss as number, core.loss as number) <= 1e-12, `loss ${r.loss} vs core ${core.loss}`);
              assert.equal(r.n, core.n);
              assert.ok(relative(r.stats.weightSum, core.stats.weightSum) <= 1e-12);
              assert.equal(r.stats.positives, core.stats.positives);
              assert.equal(r.stats.negatives, core.stats.negatives);
              assert.equal(r.stats.soft, core.stats.soft);
              assert.ok(relative(r.stats.meanSampleLoss, core.stats.meanSampleLoss) <= 1e-12);
              assert.ok(relative(r.stats.maxSampleLoss, core.stats.maxSampleLoss) <= 1e-12);
              assert.ok(relative(r.stats.minSampleLoss, core.stats.minSampleLoss) <= 1e-12 || Math.abs(r.stats.minSampleLoss - core.stats.minSampleLoss) < 1e-300);
              assert.equal(r.stats.minPrediction, core.stats.minPrediction);
              assert.equal(r.stats.maxPrediction, core.stats.maxPrediction);
              assert.deepEqual(r.stats.histogram, core.stats.histogram);
              assert.deepEqual(
                r.stats.worst.slice(0, 5).map((s) => s.loss),
                core.stats.worst.slice(0, 5).map((s) => s.loss),
              );
              assert.deepEqual(r.warnings.length, core.warnings.length, `${r.warnings.join('; ')} vs ${core.warnings.join('; ')}`);
            });
          }
        }
      }
    }
  }
});

describe('SQL: the DuckDB engine as the extension uses it', () => {
  it('a preview names the columns; cancel() interrupts a running query (AbortError); the timeout interrupts one in one line', async () => {
    const duck = await openDuckdb({ timeoutMs: 0 });
    try {
      const preview = await duck.preview('SELECT 1 AS label, 0.25 AS prob, 7::BIGINT AS n', 5);
      assert.deepEqual(preview, { names: ['label', 'prob', 'n'], rows: [['1', '0.25', '7']] });
      const slow = duck.run('SELECT count(*) AS n FROM range(1000000000000) a');
      setTimeout(() => duck.cancel(), 200);
      await assert.rejects(slow, (e: Error) => e.name === 'AbortError');
      assert.equal(Number((await duck.run('SELECT 2 AS n'))[0].n), 2, 'the connection serves the next query');
    } finally {
      duck.close();
    }
    const limited = await openDuckdb({ timeoutMs: 300 });
    try {
      await assert.rejects(limited.run('SELECT count(*) AS n FROM range(1000000000000) a'), (e: Error) => e.name === 'EngineUnavailable' && /ran longer than the timeout \(0\.3 s\)/.test(e.message));
    } finally {
      limited.close();
    }
  });

  it('relative paths resolve against the search path (the workspace folder); a missing package is DriverMissing with the npm spec', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bce-duck-'));
    try {
      writeFileSync(join(dir, 'rows.csv'), 'y_true,y_pred\n1,0.5\n');
      const duck = await openDuckdb({ searchPath: dir });
      try {
        assert.equal(Number((await duck.run("SELECT count(*) AS n FROM 'rows.csv'"))[0].n), 1);
      } finally {
        duck.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await assert.rejects(
      openDuckdb({ load: () => Promise.reject(new Error('Cannot find module')) }),
      (e: Error & { spec?: string }) => e.name === 'DriverMissing' && e.spec === DUCKDB_PACKAGE,
    );
  });
});

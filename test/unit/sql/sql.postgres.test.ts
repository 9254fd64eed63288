import * as assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgres } from '../../../src/inputs/engines/postgresEngine';
import { prng } from '../inputs/filesHelpers';
import { PG_PASSWORD, postgresBin, startPostgres, type PostgresServer } from './postgresServer';
import { cli, relative } from './sqlCli';

const ROWS = 1_000_000;
/** The presets beyond the two run on 10^6 rows read the first SMALL rows (a table of their own), to keep the suite short. */
const SMALL = 20_000;

/** `rows` rows with clipped predictions (0, 1, 1e-20), logits up to ±1e4, weights and epochs, as CSV. */
function rowsCsv(rows: number): string {
  const r = prng(2026);
  const edge = [0, 1, 1e-20, 1 - 1e-17, 1e-7];
  const lines = ['y_true,y_pred,logit,w,epoch'];
  for (let i = 0; i < rows; i++) {
    const y = r() < 0.3 ? 1 : 0;
    const p = i % 1000 < edge.length ? edge[i % 1000] : r();
    const x = i % 5000 === 7 ? (i % 2 ? 1e4 : -1e4) : (r() - 0.5) * 20;
    lines.push(`${y},${p},${x},${0.5 + r()},${i % 4}`);
  }
  return lines.join('\n') + '\n';
}

describe('CLI: --engine postgres:// (PostgreSQL from Debian, started by the test)', function () {
  this.timeout(600_000);
  let server: PostgresServer | undefined;
  let csv: string;
  let smallCsv: string;

  before(async function () {
    const bin = postgresBin();
    if (!bin) {
      console.log('    skipped: no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)');
      this.skip();
    }
    server = await startPostgres(bin as string);
    csv = join(server.dir, 'rows.csv');
    smallCsv = join(server.dir, 'small.csv');
    writeFileSync(csv, rowsCsv(ROWS));
    writeFileSync(smallCsv, rowsCsv(SMALL));
    chmodSync(csv, 0o644);
    chmodSync(smallCsv, 0o644);
    const pg = await openPostgres(server.url, 120_000);
    // Loaded outside the engine runner (whose transactions are read-only).
    const { Client } = await import('pg');
    const client = new Client({ connectionString: server.url });
    await client.connect();
    await client.query('CREATE TABLE rows (y_true double precision, y_pred double precision, logit double precision, w double precision, epoch integer)');
    await client.query(`COPY rows FROM '${csv}' (FORMAT csv, HEADER true)`);
    await client.query('CREATE TABLE small (LIKE rows)');
    await client.query(`COPY small FROM '${smallCsv}' (FORMAT csv, HEADER true)`);
    await client.query('CREATE SEQUENCE s');
    await client.end();
    await pg.close();
  });
  after(() => server?.stop());

  for (const [semantics, extra, table] of [
    ['keras', [], 'rows'],
    ['torch', ['--from-logits', 'true', '--y-pred', 'logit', '--pos-weight', '2'], 'rows'],
    ['sklearn', [], 'small'],
    ['xgboost', [], 'small'],
    ['tf-keras2', ['--dtype', 'float32', '--from-logits', 'false'], 'small'],
  ] as const) {
    const n = table === 'rows' ? ROWS : SMALL;
    it(`${semantics} ${extra.join(' ')}: the engine's result on ${n} rows equals the CLI's on the same CSV (1e-12)`, async () => {
      const predictions = (extra as readonly string[]).includes('--y-pred') ? [] : ['--y-pred', 'y_pred'];
      const options = ['--semantics', semantics, '--y-true', 'y_true', ...predictions, '--weight', 'w', '--epoch', 'epoch', '--json', ...extra];
      const engine = await cli(['--engine', (server as PostgresServer).url, '--from', table, ...options]);
      const file = await cli([table === 'rows' ? csv : smallCsv, ...options]);
      assert.equal(engine.code, 0, engine.err.join('\n'));
      assert.equal(file.code, 0, file.err.join('\n'));
      const a = JSON.parse(engine.out.join('')) as { loss: number; n: number; engine: string; epochs: { loss: number; n: number }[]; stats: { weightSum: number; positives: number } };
      const b = JSON.parse(file.out.join('')) as typeof a;
      assert.ok(relative(a.loss, b.loss) <= 1e-12, `${a.loss} vs ${b.loss}`);
      assert.equal(a.n, n);
      assert.equal(a.stats.positives, b.stats.positives);
      assert.ok(relative(a.stats.weightSum, b.stats.weightSum) <= 1e-12);
      a.epochs.forEach((e, i) => assert.ok(relative(e.loss, b.epochs[i].loss) <= 1e-12));
      assert.ok(!a.engine.includes(PG_PASSWORD) && a.engine.includes('***'), a.engine);
      assert.ok(!engine.err.join('\n').includes(PG_PASSWORD));
    });
  }

  it('a query as the source, epochs as for a file', async () => {
    const r = await cli(['--engine', (server as PostgresServer).url, '--from', 'SELECT y_true, y_pred, epoch FROM small WHERE epoch >= 2', '--epoch', 'epoch']);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(r.out.slice(1).map((l) => l.split('\t')[0]), ['epoch', '2', '3']);
  });

  it('a missing column: PostgreSQL\'s error, naming the column', async () => {
    const r = await cli(['--engine', (server as PostgresServer).url, '--from', 'rows', '--y-pred', 'score']);
    assert.equal(r.code, 2);
    assert.match(r.err[0], /^bce-lens: PostgreSQL: column "score" does not exist/);
  });

  it('a failed connection shows the URL without its password', async () => {
    const port = (server as PostgresServer).port;
    for (const url of [`postgres://bce:wrong-${PG_PASSWORD}@127.0.0.1:${port}/postgres`, `postgres://bce:${PG_PASSWORD}@127.0.0.1:1/postgres`]) {
      const r = await cli(['--engine', url, '--from', 'rows', '--timeout', '10']);
      assert.equal(r.code, 2);
      assert.equal(r.err.length, 1);
      assert.match(r.err[0], /^bce-lens: cannot connect to postgres:\/\/bce:\*\*\*@127\.0\.0\.1:\d+\/postgres: /);
      assert.ok(!r.err[0].includes(PG_PASSWORD), r.err[0]);
    }
  });

  it('the extension\'s engine: a preview names the columns, cancel() stops a running query by pg_cancel_backend, a password given apart is used and never shown', async () => {
    const port = (server as PostgresServer).port;
    const bare = `postgres://bce@127.0.0.1:${port}/postgres`;
    // Without the password the server refuses, in pg's words the command asks again on.
    await assert.rejects(openPostgres(bare, 10_000), (e: Error) => e.name === 'EngineUnavailable' && /password/.test(e.message));
    const pg = await openPostgres(bare, 60_000, { password: PG_PASSWORD });
    try {
      const preview = await pg.preview('SELECT y_true, y_pred AS prob FROM small', 2);
      assert.deepEqual(preview.names, ['y_true', 'prob']);
      assert.equal(preview.rows.length, 2);
      const slow = pg.run('SELECT pg_sleep(30)');
      // Cancel once the query is running on the server (pg_stat_activity shows it).
      for (;;) {
        const { Client } = await import('pg');
        const c = new Client({ connectionString: (server as PostgresServer).url });
        await c.connect();
        const r = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'");
        await c.end();
        if (r.rows[0].n > 0) break;
      }
      pg.cancel();
      await assert.rejects(slow, (e: Error) => e.name === 'AbortError' && !e.message.includes(PG_PASSWORD));
      // The connection serves the next query.
      assert.equal((await pg.run('SELECT 1 AS n'))[0].n, 1);
    } finally {
      await pg.close();
    }
    await assert.rejects(openPostgres(bare, 10_000, { password: `wrong-${PG_PASSWORD}` }), (e: Error) => /password authentication failed/.test(e.message) && !e.message.includes(PG_PASSWORD));
  });

  it('a slow query is cancelled at the timeout, with one line', async () => {
    const r = await cli(['--engine', (server as PostgresServer).url, '--from', 'SELECT y_true, y_pred FROM small CROSS JOIN pg_sleep(5)', '--timeout', '1']);
    assert.equal(r.code, 2);
    assert.match(r.err[0], /ran longer than the timeout \(1 s\) and was cancelled/);
  });

  it('the wrapper is read-only: a query that would write fails in the read-only transaction', async () => {
    const r = await cli(['--engine', (server as PostgresServer).url, '--from', "SELECT y_true, y_pred FROM small WHERE nextval('s') > 0"]);
    assert.equal(r.code, 2);
    assert.match(r.err[0], /read-only transaction/);
  });
});

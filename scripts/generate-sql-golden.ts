// Rewrites the golden SQL of test/fixtures/sql/<dialect>/<case>.sql (Spark, BigQuery, Trino,
// ClickHouse: emitted and read by people, not run here) from GOLDEN_CASES. Deterministic: the
// text depends on the cases and the generator only. Run: npm run golden:sql
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BceError } from '../src/core';
import { buildLossQuery, type SqlDialectId } from '../src/core/sql';
import { GOLDEN_CASES, goldenOptions } from '../test/unit/sql/goldenCases';

export const GOLDEN_DIALECTS: SqlDialectId[] = ['spark', 'bigquery', 'trino', 'clickhouse'];
const root = join(__dirname, '..', 'test', 'fixtures', 'sql');

/** The golden text of one case: the query, or the one-line refusal the dialect gives. */
export function goldenText(dialect: SqlDialectId, name: string): string {
  const c = GOLDEN_CASES.find((g) => g.name === name);
  if (!c) throw new Error(`no golden case ${name}`);
  try {
    return buildLossQuery({ dialect, source: c.source, roles: c.roles, options: goldenOptions(c) }) + '\n';
  } catch (e) {
    if (e instanceof BceError) return `-- refused: ${e.message}\n`;
    throw e;
  }
}

if (require.main === module) {
  for (const dialect of GOLDEN_DIALECTS) {
    rmSync(join(root, dialect), { recursive: true, force: true });
    mkdirSync(join(root, dialect), { recursive: true });
    for (const c of GOLDEN_CASES) writeFileSync(join(root, dialect, `${c.name}.sql`), goldenText(dialect, c.name));
  }
  console.log(`wrote ${GOLDEN_DIALECTS.length * GOLDEN_CASES.length} files under test/fixtures/sql`);
}

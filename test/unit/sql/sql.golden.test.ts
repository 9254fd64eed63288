import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_DIALECTS, goldenText } from '../../../scripts/generate-sql-golden';
import { GOLDEN_CASES } from './goldenCases';

const root = join(__dirname, '..', '..', 'fixtures', 'sql');

describe('SQL: the emitted Spark, BigQuery, Trino and ClickHouse queries equal their golden text (npm run golden:sql refreshes it)', () => {
  for (const dialect of GOLDEN_DIALECTS) {
    it(`${dialect}: one file per case, no other`, () => {
      assert.deepEqual(readdirSync(join(root, dialect)).sort(), GOLDEN_CASES.map((c) => `${c.name}.sql`).sort());
    });
    for (const c of GOLDEN_CASES) {
      it(`${dialect} ${c.name}`, () => {
        assert.equal(goldenText(dialect, c.name), readFileSync(join(root, dialect, `${c.name}.sql`), 'utf8'));
      });
    }
  }
});

import { defineDialect } from './define';

/**
 * ClickHouse (emitted only; golden text). https://clickhouse.com/docs/sql-reference/functions/math-functions
 * has log (alias ln), exp, log1p; https://clickhouse.com/docs/sql-reference/functions/conditional-functions
 * greatest, least; sumKahan is its compensated sum
 * (https://clickhouse.com/docs/sql-reference/aggregate-functions/reference/sumkahan); Float32 and
 * Float64 its floats (https://clickhouse.com/docs/sql-reference/data-types/float).
 */
export const clickhouse = defineDialect({
  id: 'clickhouse',
  title: 'ClickHouse',
  quote: '`',
  negativeInfinity: "-inf",
  double: 'Float64',
  text: 'String',
  nullOf: (type) => `CAST(NULL AS Nullable(${type}))`,
  float32: 'Float32',
  log1p: 'native',
  names: { ln: 'log', sum: 'sumKahan' },
});

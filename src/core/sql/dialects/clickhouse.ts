import { exponentLiteral, quoteWith, type SqlDialect } from '../dialect';

/**
 * ClickHouse (emitted only; golden text). https://clickhouse.com/docs/sql-reference/functions/math-functions
 * has log (alias ln), exp, log1p; https://clickhouse.com/docs/sql-reference/functions/conditional-functions
 * greatest, least; sumKahan is its compensated sum
 * (https://clickhouse.com/docs/sql-reference/aggregate-functions/reference/sumkahan); Float32 and
 * Float64 its floats (https://clickhouse.com/docs/sql-reference/data-types/float).
 */
export const clickhouse: SqlDialect = {
  id: 'clickhouse',
  title: 'ClickHouse',
  ident: (name) => quoteWith('`', name),
  num: exponentLiteral,
  negativeInfinity: "-inf",
  double: 'Float64',
  text: 'String',
  nullOf: (type) => `CAST(NULL AS Nullable(${type}))`,
  float32: (e) => `CAST(CAST(${e} AS Float32) AS Float64)`,
  log1p: (t) => `log1p(${t})`,
  ln: (e) => `log(${e})`,
  exp: (e) => `exp(${e})`,
  greatest: (a, b) => `greatest(${a}, ${b})`,
  least: (a, b) => `least(${a}, ${b})`,
  sum: (e) => `sumKahan(${e})`,
};

import { defineDialect } from './define';

/**
 * PostgreSQL 12+ (run for real by the tests). A bare 1e-7 is NUMERIC there, so literals are cast;
 * it has no log1p; float8 → float4 raises "underflow" where the result would be 0, so values that
 * round to 0 in float32 (|x| ≤ 2^−150) are 0 first; sum over NUMERIC is exact (float8 → numeric
 * keeps 15 significant digits, Postgres' float8_numeric).
 * https://www.postgresql.org/docs/15/functions-math.html (ln, exp, abs, floor),
 * https://www.postgresql.org/docs/15/functions-conditional.html (GREATEST, LEAST, CASE),
 * https://www.postgresql.org/docs/15/functions-aggregate.html (sum of numeric).
 */
export const postgres = defineDialect({
  id: 'postgres',
  title: 'PostgreSQL',
  quote: '"',
  num: (x) => `CAST('${String(x)}' AS DOUBLE PRECISION)`,
  negativeInfinity: "CAST('-Infinity' AS DOUBLE PRECISION)",
  double: 'DOUBLE PRECISION',
  text: 'TEXT',
  float32: (e) => `(CASE WHEN abs(${e}) <= 7.006492321624085e-46 THEN CAST(0 AS DOUBLE PRECISION) ELSE CAST(CAST(${e} AS REAL) AS DOUBLE PRECISION) END)`,
  log1p: 'emulated',
  names: { greatest: 'GREATEST', least: 'LEAST' },
  sum: (e) => `CAST(sum(CAST(${e} AS NUMERIC)) AS DOUBLE PRECISION)`,
});

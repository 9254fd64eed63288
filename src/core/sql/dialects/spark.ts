import { defineDialect } from './define';

/**
 * Spark SQL 3.x (emitted only; golden text). Functions as listed in
 * https://spark.apache.org/docs/latest/api/sql/index.html: ln, exp, log1p, abs, floor, greatest,
 * least, sum; `1.0E-7D` is a DOUBLE literal (https://spark.apache.org/docs/latest/sql-ref-literals.html).
 * Its sum of doubles is a plain running sum (no compensation): a few ulps per 10^6 rows.
 */
export const spark = defineDialect({
  id: 'spark',
  title: 'Spark SQL',
  quote: '`',
  num: (x) => `${x.toExponential().toUpperCase()}D`,
  negativeInfinity: "CAST('-Infinity' AS DOUBLE)",
  double: 'DOUBLE',
  text: 'STRING',
  float32: 'FLOAT',
  log1p: 'native',
});

import { quoteWith, type SqlDialect } from '../dialect';

/**
 * Spark SQL 3.x (emitted only; golden text). Functions as listed in
 * https://spark.apache.org/docs/latest/api/sql/index.html: ln, exp, log1p, abs, floor, greatest,
 * least, sum; `1.0E-7D` is a DOUBLE literal (https://spark.apache.org/docs/latest/sql-ref-literals.html).
 * Its sum of doubles is a plain running sum (no compensation): a few ulps per 10^6 rows.
 */
export const spark: SqlDialect = {
  id: 'spark',
  title: 'Spark SQL',
  ident: (name) => quoteWith('`', name),
  num: (x) => {
    if (!Number.isFinite(x)) throw new Error(`no SQL literal for ${x}`);
    return `${x.toExponential().toUpperCase()}D`;
  },
  negativeInfinity: "CAST('-Infinity' AS DOUBLE)",
  double: 'DOUBLE',
  text: 'STRING',
  float32: (e) => `CAST(CAST(${e} AS FLOAT) AS DOUBLE)`,
  log1p: (t) => `log1p(${t})`,
  ln: (e) => `ln(${e})`,
  exp: (e) => `exp(${e})`,
  greatest: (a, b) => `greatest(${a}, ${b})`,
  least: (a, b) => `least(${a}, ${b})`,
  sum: (e) => `sum(${e})`,
};

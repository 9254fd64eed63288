import { defineDialect } from './define';

/**
 * DuckDB (run for real by the tests, through @duckdb/node-api). It has no log1p (its
 * ln(1 + exp(−40)) is 0, the answer 4.25e-18), so the loss uses the emulation; fsum is its
 * compensated sum; a literal with an exponent is a DOUBLE (0.5 alone would be a DECIMAL).
 */
export const duckdb = defineDialect({
  id: 'duckdb',
  title: 'DuckDB',
  quote: '"',
  negativeInfinity: "CAST('-inf' AS DOUBLE)",
  double: 'DOUBLE',
  text: 'VARCHAR',
  float32: 'FLOAT',
  log1p: 'emulated',
  names: { sum: 'fsum' },
  parquet: (path) => `read_parquet(${"'" + path.split("'").join("''") + "'"})`,
});

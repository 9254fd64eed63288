import { quoteWith } from '../dialect';
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
  // max_by(arg, val, n): the n args of largest val, as a LIST in descending order
  // (https://duckdb.org/docs/stable/sql/functions/aggregates#max_byarg-val-n); a STRUCT literal
  // {'name': value} holds a row (https://duckdb.org/docs/stable/sql/data_types/struct).
  topK: {
    aggregate: (fields, key, k) => `max_by({${fields.map(([name, e]) => `${quoteWith("'", name)}: ${e}`).join(', ')}}, ${key}, ${k})`,
    unnest: (list) => `unnest(${list})`,
    field: (row, name) => `struct_extract(${row}, ${quoteWith("'", name)})`,
  },
});

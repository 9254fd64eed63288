import { defineDialect } from './define';

/**
 * BigQuery GoogleSQL (emitted only; golden text). Its mathematical functions
 * (https://cloud.google.com/bigquery/docs/reference/standard-sql/mathematical_functions) have LN,
 * EXP, ABS, FLOOR, GREATEST, LEAST but no LOG1P, so it is emulated; a literal with an exponent is
 * FLOAT64 (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#floating_point_literals).
 * It has no 32-bit float type, so float32 semantics (XGBoost) are refused. SUM of FLOAT64 is not
 * compensated (https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions#sum).
 */
export const bigquery = defineDialect({
  id: 'bigquery',
  title: 'BigQuery',
  quote: '`',
  negativeInfinity: "CAST('-inf' AS FLOAT64)",
  double: 'FLOAT64',
  text: 'STRING',
  log1p: 'emulated',
  names: { ln: 'LN', exp: 'EXP', greatest: 'GREATEST', least: 'LEAST', sum: 'SUM' },
});

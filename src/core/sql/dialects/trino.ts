import { defineDialect } from './define';

/**
 * Trino (emitted only; golden text). https://trino.io/docs/current/functions/math.html has ln,
 * exp, abs, floor and no log1p (emulated); https://trino.io/docs/current/functions/comparison.html
 * greatest, least; REAL is its float32 (https://trino.io/docs/current/language/types.html);
 * a literal with an exponent is DOUBLE. sum(double) is not compensated
 * (https://trino.io/docs/current/functions/aggregate.html).
 */
export const trino = defineDialect({
  id: 'trino',
  title: 'Trino',
  quote: '"',
  negativeInfinity: "-infinity()",
  double: 'DOUBLE',
  text: 'VARCHAR',
  float32: 'REAL',
  log1p: 'emulated',
});

import { emulatedLog1p, exponentLiteral, quoteWith, type SqlDialect } from '../dialect';

const ln = (e: string) => `ln(${e})`;

/**
 * Trino (emitted only; golden text). https://trino.io/docs/current/functions/math.html has ln,
 * exp, abs, floor and no log1p (emulated); https://trino.io/docs/current/functions/comparison.html
 * greatest, least; REAL is its float32 (https://trino.io/docs/current/language/types.html);
 * a literal with an exponent is DOUBLE. sum(double) is not compensated
 * (https://trino.io/docs/current/functions/aggregate.html).
 */
export const trino: SqlDialect = {
  id: 'trino',
  title: 'Trino',
  ident: (name) => quoteWith('"', name),
  num: exponentLiteral,
  negativeInfinity: "-infinity()",
  double: 'DOUBLE',
  text: 'VARCHAR',
  float32: (e) => `CAST(CAST(${e} AS REAL) AS DOUBLE)`,
  log1p: (t) => emulatedLog1p(ln, t),
  ln,
  exp: (e) => `exp(${e})`,
  greatest: (a, b) => `greatest(${a}, ${b})`,
  least: (a, b) => `least(${a}, ${b})`,
  sum: (e) => `sum(${e})`,
};

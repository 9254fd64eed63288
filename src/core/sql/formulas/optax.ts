// optax.sigmoid_binary_cross_entropy: src/core/frameworks/optax.ts in SQL.
import { P, Y, type SqlFormula } from './formula';

/** y·softplus(−x) + (1 − y)·softplus(x), softplus(t) = max(t, 0) + log1p(e^−|t|). */
export const optaxSql: SqlFormula = (s) => {
  const y = s.step('yt', s.r(Y));
  const x = s.step('x', s.r(P));
  const e = s.step('e', s.r(s.exp(`-abs(${x})`)));
  const tail = s.step('tail', s.r(s.d.log1p(e)));
  const softplusNeg = s.r(`(CASE WHEN ${x} < 0 THEN -${x} ELSE 0 END) + ${tail}`);
  const softplusPos = s.r(`(CASE WHEN ${x} > 0 THEN ${x} ELSE 0 END) + ${tail}`);
  return s.r(`${s.r(`${y} * ${softplusNeg}`)} + ${s.r(`${s.r(`1 - ${y}`)} * ${softplusPos}`)}`);
};

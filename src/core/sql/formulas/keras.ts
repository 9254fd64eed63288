// Keras 3, tf.keras 2 and tf.nn: src/core/frameworks/keras3.ts, tfKeras2.ts, tfNn.ts in SQL.
import { KERAS_EPSILON } from '../../frameworks/keras3';
import type { ResolvedOptions } from '../../options';
import type { SqlSteps } from '../build';
import { P, Y, type SqlFormula } from './formula';

/** y ← y(1 − s) + s/2, rounded as the dtype rounds (kerasProbabilities, stableLogits). */
function smoothed(s: SqlSteps, o: ResolvedOptions): string {
  const y = s.step('ys0', s.r(Y));
  if (o.labelSmoothing === 0) return y;
  return s.step('ys', s.r(`${s.r(`${y} * ${s.lit(s.c(1 - o.labelSmoothing))}`)} + ${s.lit(s.c(0.5 * o.labelSmoothing))}`));
}

/** clip(p, ε, 1 − ε); −[y log(p + inner) + (1 − y) log(1 − p + inner)]. */
function probabilities(s: SqlSteps, o: ResolvedOptions, inner: boolean): string {
  const y = smoothed(s, o);
  const eps = s.c(KERAS_EPSILON);
  const pc = s.step('pc', s.clip(s.r(P), eps, s.c(1 - eps)));
  const d = s.d;
  const logP = s.step('logp', inner ? s.r(d.ln(s.r(`${pc} + ${s.lit(eps)}`))) : s.r(d.ln(pc)));
  const log1mP = s.step('log1mp', inner ? s.r(d.ln(s.r(`${s.r(`1 - ${pc}`)} + ${s.lit(eps)}`))) : s.r(d.ln(s.r(`1 - ${pc}`))));
  return `-${s.r(`${s.r(`${y} * ${logP}`)} + ${s.r(`${s.r(`1 - ${y}`)} * ${log1mP}`)}`)}`;
}

/** max(x, 0) − x·y + log1p(e^−|x|) (tf.nn.sigmoid_cross_entropy_with_logits). */
export function stableLogits(s: SqlSteps, o: ResolvedOptions): string {
  const y = smoothed(s, o);
  const x = s.step('x', s.r(P));
  const t = s.step('t', s.r(s.exp(`-abs(${x})`)));
  return s.r(`${s.r(`(CASE WHEN ${x} > 0 THEN ${x} ELSE 0 END) - ${s.r(`${x} * ${y}`)}`)} + ${s.r(s.d.log1p(t))}`);
}

export const keras3Sql: SqlFormula = (s, o) => (o.fromLogits ? stableLogits(s, o) : probabilities(s, o, false));
export const tfKeras2Sql: SqlFormula = (s, o) => (o.fromLogits ? stableLogits(s, o) : probabilities(s, o, true));
export const tfNnSql: SqlFormula = (s, o) => stableLogits(s, { ...o, labelSmoothing: 0 });

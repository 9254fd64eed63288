// PyTorch BCELoss and BCEWithLogitsLoss: src/core/frameworks/torch.ts in SQL.
import { TORCH_LOG_CLAMP } from '../../frameworks/torch';
import type { SqlSteps } from '../build';
import { P, Y, type SqlFormula } from './formula';

/** max(log v, −100), with log 0 = −∞ (and anything not above 0, never valid, at the clamp too). */
function clampedLog(s: SqlSteps, v: string): string {
  const low = s.lit(TORCH_LOG_CLAMP);
  return `CASE WHEN ${v} > 0 THEN ${s.d.greatest(s.r(s.d.ln(v)), low)} ELSE ${low} END`;
}

/** (y − 1)·max(log(1 − p), −100) − y·max(log p, −100). */
function probabilities(s: SqlSteps): string {
  const y = s.step('yt', s.r(Y));
  const p = s.step('pt', s.r(P));
  const logP = s.step('logp', clampedLog(s, p));
  const log1mP = s.step('log1mp', clampedLog(s, s.r(`1 - ${p}`)));
  return s.r(`${s.r(`${s.r(`${y} - 1`)} * ${log1mP}`)} - ${s.r(`${y} * ${logP}`)}`);
}

/** m = max(−x, 0); (1 − y)·x + m + log(e^−m + e^(−x−m)), or with pos_weight (1 − y)·x + ((pw − 1)·y + 1)·(log(…) + m). */
function logits(s: SqlSteps, pw: number): string {
  const y = s.step('yt', s.r(Y));
  const x = s.step('x', s.r(P));
  const m = s.step('m', `CASE WHEN ${x} < 0 THEN -${x} ELSE 0 END`);
  const linear = s.step('linear', s.r(`${s.r(`1 - ${y}`)} * ${x}`));
  const logSum = s.step('logsum', s.r(s.d.ln(s.r(`${s.r(s.exp(`-${m}`))} + ${s.r(s.exp(s.r(`-${x} - ${m}`)))}`))));
  if (pw === 1) return s.r(`${s.r(`${linear} + ${m}`)} + ${logSum}`);
  const logWeight = s.r(`${s.r(`${s.r(`${s.lit(s.c(pw))} - 1`)} * ${y}`)} + 1`);
  return s.r(`${linear} + ${s.r(`${logWeight} * ${s.r(`${logSum} + ${m}`)}`)}`);
}

export const torchSql: SqlFormula = (s, o, pw) => (o.fromLogits ? logits(s, pw) : probabilities(s));

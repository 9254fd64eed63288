// XGBoost logloss and LightGBM binary_logloss: src/core/frameworks/xgboost.ts and lightgbm.ts in SQL.
import { LIGHTGBM_EPSILON } from '../../frameworks/lightgbm';
import { XGBOOST_EPSILON } from '../../frameworks/xgboost';
import type { SqlSteps } from '../build';
import { P, Y, type SqlFormula } from './formula';

const f = Math.fround;

/** xgboost common::Sigmoid in float: 1 / (expf(min(−x, 88.7)) + 1 + 1e-16). */
function xgboostSigmoid(s: SqlSteps): string {
  const t = s.step('t', s.d.least(`-${s.f32(P)}`, s.lit(f(88.7))));
  return s.f32(`1 / ${s.f32(`${s.f32(`${s.f32(s.exp(t))} + 1`)} + ${s.lit(XGBOOST_EPSILON)}`)}`);
}

/** EvalRowLogLoss in float: py below 1e-16 (or 1 − py) costs the eps terms, else −y·log py − (1−y)·log(1 − py). */
export const xgboostSql: SqlFormula = (s, o) => {
  const logEps = s.lit(f(Math.log(XGBOOST_EPSILON)));
  const log1mEps = s.lit(f(Math.log(f(1 - XGBOOST_EPSILON))));
  const y = s.step('yt', s.f32(Y));
  const py = s.step('py', o.fromLogits ? xgboostSigmoid(s) : s.f32(P));
  const pneg = s.step('pneg', s.f32(`1 - ${py}`));
  const ny = s.step('ny', s.f32(`1 - ${y}`));
  const eps = s.lit(XGBOOST_EPSILON);
  // The logs' arguments are kept at or above eps so the branch not taken cannot fail on log(0).
  const logPy = s.f32(s.d.ln(s.d.greatest(py, eps)));
  const logPneg = s.f32(s.d.ln(s.d.greatest(pneg, eps)));
  return `CASE WHEN ${py} < ${eps} THEN ${s.f32(`${s.f32(`-${y} * ${logEps}`)} - ${s.f32(`${ny} * ${log1mEps}`)}`)}
      WHEN ${pneg} < ${eps} THEN ${s.f32(`${s.f32(`-${y} * ${log1mEps}`)} - ${s.f32(`${ny} * ${logEps}`)}`)}
      ELSE ${s.f32(`${s.f32(`-${y} * ${logPy}`)} - ${s.f32(`${ny} * ${logPneg}`)}`)} END`;
};

/** LossOnPoint in double: label ≤ 0 costs −log(1 − p) while 1 − p > kEpsilon, else −log(kEpsilon); mirrored for the positive class. */
export const lightgbmSql: SqlFormula = (s, o) => {
  const p = s.step('pl', o.fromLogits ? s.sigmoid(P) : P);
  const q = s.step('ql', `1 - ${p}`);
  const eps = s.lit(LIGHTGBM_EPSILON);
  const capped = s.lit(-Math.log(LIGHTGBM_EPSILON));
  return `CASE WHEN ${Y} <= 0 THEN (CASE WHEN ${q} > ${eps} THEN -${s.d.ln(s.d.greatest(q, eps))} ELSE ${capped} END)
      ELSE (CASE WHEN ${p} > ${eps} THEN -${s.d.ln(s.d.greatest(p, eps))} ELSE ${capped} END) END`;
};

// scikit-learn log_loss 1.1, 1.2–1.4 and 1.5+: src/core/frameworks/sklearn.ts in SQL (labels are classes 0 and 1).
import { SKLEARN_11_EPSILON, SKLEARN_EPSILON, type SklearnVersion } from '../../frameworks/sklearn';
import type { SqlSteps } from '../build';
import { P, Y, type SqlFormula } from './formula';

function columnsLoss(s: SqlSteps, version: SklearnVersion, dtype: 'float64' | 'float32'): string {
  const p = s.step('pr', s.r(P));
  let c0: string;
  let c1: string;
  if (version === '1.1') {
    // Clipped once, before the columns exist: 1 − pc is not clipped again.
    const eps = s.c(SKLEARN_11_EPSILON);
    c1 = s.step('c1', s.clip(p, eps, s.c(1 - SKLEARN_11_EPSILON)));
    c0 = s.step('c0', s.r(`1 - ${c1}`));
  } else {
    const eps = s.c(SKLEARN_EPSILON[dtype]);
    const hi = s.c(1 - eps);
    c0 = s.step('c0', s.clip(s.r(`1 - ${p}`), eps, hi));
    c1 = s.step('c1', s.clip(p, eps, hi));
  }
  const c = `CASE WHEN ${Y} = 1 THEN ${c1} ELSE ${c0} END`;
  if (version === '1.5') return `-${s.r(s.d.ln(c))}`;
  // 1.1 in float32: 1 − 1e-15 rounds to 1, so a column can be 0 and its log −∞ (the loss +∞), as numpy gives.
  const ratio = s.step('ratio', s.r(`(${c}) / ${s.r(`${c0} + ${c1}`)}`));
  return `-${s.r(`CASE WHEN ${ratio} > 0 THEN ${s.d.ln(ratio)} ELSE ${s.d.negativeInfinity} END`)}`;
}

export const sklearnSql: SqlFormula = (s, o) => columnsLoss(s, '1.2', o.dtype);
export const sklearn11Sql: SqlFormula = (s, o) => columnsLoss(s, '1.1', o.dtype);
export const sklearn15Sql: SqlFormula = (s, o) => columnsLoss(s, '1.5', o.dtype);

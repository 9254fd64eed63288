// Spark MLlib logLoss: src/core/frameworks/spark.ts in SQL (labels are classes 0 and 1).
import { SPARK_EPSILON } from '../../frameworks/spark';
import { P, Y, type SqlFormula } from './formula';

/** p = probability of the true class; p < eps costs −log(eps), p > 1 − eps costs −log1p(−eps), else −log p. */
export const sparkSql: SqlFormula = (s) => {
  const p = s.step('ps', `CASE WHEN ${Y} = 1 THEN ${P} ELSE 1 - ${P} END`);
  const eps = s.lit(SPARK_EPSILON);
  return `CASE WHEN ${p} < ${eps} THEN ${s.lit(-Math.log(SPARK_EPSILON))} WHEN ${p} > ${s.lit(1 - SPARK_EPSILON)} THEN ${s.lit(-Math.log1p(-SPARK_EPSILON))}
      ELSE -${s.d.ln(s.d.greatest(p, eps))} END`;
};

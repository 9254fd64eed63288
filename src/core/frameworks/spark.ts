import { clippedTerms, weightedMean } from './traits';
import { numpyArrays, pythonScript, type SnippetRequest } from '../snippets/python';
import type { ElementOptions, Framework } from './framework';

/** MulticlassMetrics.logLoss's default eps (spark mllib/src/main/scala/org/apache/spark/mllib/evaluation/MulticlassMetrics.scala). */
export const SPARK_EPSILON = 1e-15;

/**
 * Spark 3.x MulticlassMetrics.logLoss(eps = 1e-15), what MulticlassClassificationEvaluator's
 * "logLoss" reports: p = probability(label); p < eps costs −log(eps), p > 1 − eps costs
 * −log1p(−eps), else −log p; Σ w·loss / Σ w. Labels are class indices, the columns are not renormalised.
 */
export function sparkColumns(_o: ElementOptions, y: number, q0: number, q1: number): number {
  const p = y === 1 ? q1 : q0;
  if (p < SPARK_EPSILON) return -Math.log(SPARK_EPSILON);
  if (p > 1 - SPARK_EPSILON) return -Math.log1p(-SPARK_EPSILON);
  return -Math.log(p);
}

/** MulticlassClassificationEvaluator on a DataFrame of label, the probability vector [1 − p, p] and weight. */
function snippet(req: SnippetRequest): string[] {
  const arrays = numpyArrays(req.data, 'float64', { columns2d: false, numericLabels: true });
  const weight = arrays.weighted ? 'np.ravel(sample_weight)' : 'np.ones(len(y_true))';
  const imports = ['import numpy as np', 'from pyspark.ml.evaluation import MulticlassClassificationEvaluator', 'from pyspark.ml.linalg import Vectors', 'from pyspark.sql import SparkSession'];
  return pythonScript(req.data, imports, arrays.lines, [
    'spark = SparkSession.builder.master("local[1]").getOrCreate()',
    'p = np.ravel(y_pred) if np.ndim(y_pred) == 1 or np.shape(y_pred)[1] == 1 else np.asarray(y_pred)[:, 1]',
    `rows = [(float(y), float(q >= 0.5), Vectors.dense([1 - q, q]), float(w)) for y, q, w in zip(np.ravel(y_true), p, ${weight})]`,
    'df = spark.createDataFrame(rows, ["label", "prediction", "probability", "weight"])',
    'evaluator = MulticlassClassificationEvaluator(metricName="logLoss", weightCol="weight")',
    'print(evaluator.evaluate(df))',
  ]);
}

export const spark = {
  id: 'spark',
  title: 'Spark MLlib logLoss',
  source: 'Spark 3.0–3.5: mllib/.../evaluation/MulticlassMetrics.scala logLoss (eps 1e-15), used by MulticlassClassificationEvaluator metricName "logLoss"',
  settingDescription: 'Spark MLlib logLoss: the true class probability clipped at 1e-15, no renormalisation; weighted mean; labels are classes.',
  refuses: {
    logits: 'Spark MLlib logLoss reads the probability column, not raw predictions; apply a sigmoid first or choose another semantics',
    multiLabel: 'Spark MLlib logLoss takes one class label per row',
  },
  ...weightedMean,
  classLabels: true,
  classNames: false,
  fixedDtype: 'float64',
  elementLoss: (o) => (y, p) => sparkColumns(o, y, 1 - p, p),
  columnsLoss: sparkColumns,
  snippet,
  snippetLibrary: 'pyspark',
  probabilityGuard: () => ({ kind: 'clip', threshold: SPARK_EPSILON, description: 'clips the true class probability to [1e-15, 1 − 1e-15]', short: 'clip at 1e-15' }),
  probabilityTerms: (_o, _y, p) => clippedTerms(p, SPARK_EPSILON),
} as const satisfies Framework;

import { boostingMetric, clippedTerms } from './traits';
import { numpyArrays, pythonScript, type SnippetRequest } from '../snippets/python';
import type { ElementLoss, Framework } from './framework';

/** `const score_t kEpsilon = 1e-15f;` (include/LightGBM/meta.h): a float literal, widened to double. */
export const LIGHTGBM_EPSILON = Math.fround(1e-15);

/**
 * binary_logloss (LightGBM 3.x–4.x, src/metric/binary_metric.hpp, BinaryLoglossMetric::LossOnPoint), in
 * double: a label ≤ 0 is the negative class and any other the positive one;
 * −log(1 − p) or −log p while it is above kEpsilon, else −log(kEpsilon). Raw scores (logits) go
 * through 1 / (1 + exp(−x)) first (BinaryLogloss::ConvertOutput with sigmoid = 1).
 */
const elementLoss: Framework['elementLoss'] = (o) => {
  const probability: ElementLoss = (y, p) => {
    if (y <= 0) return 1 - p > LIGHTGBM_EPSILON ? -Math.log(1 - p) : -Math.log(LIGHTGBM_EPSILON);
    return p > LIGHTGBM_EPSILON ? -Math.log(p) : -Math.log(LIGHTGBM_EPSILON);
  };
  return o.fromLogits ? (y, x, pw) => probability(y, 1 / (1 + Math.exp(-x)), pw) : probability;
};

/**
 * A booster of no trees on a Dataset whose init_score holds the margins: its training score is the
 * margins themselves, so eval_train() reports binary_logloss of the given predictions.
 */
function snippet(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, 'float64', { columns2d: false, numericLabels: true });
  const margin = o.fromLogits ? 'np.ravel(y_pred)' : 'np.log(np.ravel(y_pred)) - np.log1p(-np.ravel(y_pred))';
  return pythonScript(req.data, ['import numpy as np', 'import lightgbm as lgb'], arrays.lines, [
    `ds = lgb.Dataset(np.zeros((len(y_true), 1)), label=np.ravel(y_true)${arrays.weighted ? ', weight=sample_weight' : ''}, init_score=${margin}, free_raw_data=False)`,
    'booster = lgb.Booster({"objective": "binary", "metric": "binary_logloss", "verbose": -1}, ds)',
    'print(booster.eval_train()[0][2])',
  ]);
}

export const lightgbm = {
  id: 'lightgbm',
  title: 'LightGBM binary_logloss',
  source: 'LightGBM 3.x–4.x: src/metric/binary_metric.hpp (BinaryLoglossMetric, BinaryMetric::Eval weighted mean), include/LightGBM/meta.h (kEpsilon)',
  settingDescription: 'LightGBM metric binary_logloss: eps 1e-15 (a float), label > 0 is positive; weighted mean.',
  refuses: { multiLabel: 'the LightGBM binary_logloss metric takes one label per sample' },
  ...boostingMetric,
  float32Weights: 'stored',
  elementLoss,
  probabilityGuard: () => ({
    kind: 'clip',
    threshold: LIGHTGBM_EPSILON,
    description: 'costs −log(1e-15) wherever the true class has probability ≤ 1e-15; a label above 0 counts as 1',
    short: 'clip at 1e-15',
  }),
  probabilityTerms: (_o, _y, p) => clippedTerms(p, LIGHTGBM_EPSILON),
  snippet,
  snippetLibrary: 'lightgbm',
} as const satisfies Framework;

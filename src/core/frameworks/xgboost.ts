import { numpyArrays, pythonScript, type SnippetRequest } from '../snippets/python';
import { boostingMetric } from './traits';
import type { ElementLoss, Framework } from './framework';

const f = Math.fround;
/** `const bst_float eps = 1e-16f;` in EvalRowLogLoss (xgboost 1.7, src/metric/elementwise_metric.cu). */
export const XGBOOST_EPSILON = f(1e-16);

/**
 * xgboost 1.7 common::Sigmoid (src/common/math.h): float throughout, the exponent capped at 88.7
 * so expf cannot overflow: 1 / (expf(min(−x, 88.7)) + 1 + 1e-16).
 */
export function xgboostSigmoid(x: number): number {
  const t = Math.min(-f(x), f(88.7));
  return f(1 / f(f(f(Math.exp(t)) + 1) + XGBOOST_EPSILON));
}

/**
 * The `logloss` eval metric (xgboost 1.7, src/metric/elementwise_metric.cu, EvalRowLogLoss::EvalRow):
 * in float, py < 1e-16 costs −y·log(1e-16) − (1−y)·log(1 − 1e-16), 1 − py < 1e-16 the mirror,
 * else −y·log(py) − (1−y)·log(1 − py). Margins (logits) go through the float sigmoid first.
 */
const elementLoss: Framework['elementLoss'] = (o) => {
  const logEps = f(Math.log(XGBOOST_EPSILON));
  const log1mEps = f(Math.log(f(1 - XGBOOST_EPSILON)));
  const probability: ElementLoss = (y, p) => {
    y = f(y);
    const py = f(p);
    const pneg = f(1 - py);
    const ny = f(1 - y);
    if (py < XGBOOST_EPSILON) return f(f(-y * logEps) - f(ny * log1mEps));
    if (pneg < XGBOOST_EPSILON) return f(f(-y * log1mEps) - f(ny * logEps));
    return f(f(-y * f(Math.log(py))) - f(ny * f(Math.log(pneg))));
  };
  return o.fromLogits ? (y, x, pw) => probability(y, xgboostSigmoid(x), pw) : probability;
};

function snippet(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, 'float64', { columns2d: false, numericLabels: true });
  const margin = o.fromLogits ? 'y_pred' : 'np.log(y_pred) - np.log1p(-y_pred)  # logit(p): the model outputs sigmoid(margin)';
  return pythonScript(req.data, ['import numpy as np', 'import xgboost as xgb'], arrays.lines, [
    '# Zero boosting rounds with base_margin = the margins: the eval metric sees your predictions.',
    ...(o.fromLogits ? [] : ['# Probabilities go back through logit, float32 and the float sigmoid: equal to a float32 rounding or so.']),
    `dm = xgb.DMatrix(np.zeros((len(y_true), 1)), label=np.ravel(y_true)${arrays.weighted ? ', weight=sample_weight' : ''}, base_margin=${margin.split('  #')[0]})`,
    'bst = xgb.train({"objective": "binary:logistic", "eval_metric": "logloss", "base_score": 0.5}, dm, num_boost_round=0)',
    'print(bst.eval(dm))',
  ]);
}

export const xgboost = {
  id: 'xgboost',
  title: 'XGBoost logloss',
  source: 'XGBoost 1.7: src/metric/elementwise_metric.cu (EvalRowLogLoss, weighted mean EvalEWiseBase), src/common/math.h (Sigmoid)',
  settingDescription: 'XGBoost eval metric logloss: float32 elements, eps 1e-16, weighted mean in double.',
  refuses: { multiLabel: 'the XGBoost logloss metric takes one label per sample (one output per row)' },
  // Elements in float32 whatever is asked, summed and divided in double (GetFinal returns esum / wsum).
  ...boostingMetric,
  float32Weights: 'product',
  elementLoss,
  probabilityGuard: () => ({ kind: 'clip', threshold: XGBOOST_EPSILON, description: 'replaces ŷ below 1e-16 (or above 1 − 1e-16) by 1e-16, in float32', short: 'clip at 1e-16 in float32' }),
  probabilityTerms: (_o, _y, p) => {
    const py = f(p);
    const yhat = py < XGBOOST_EPSILON ? XGBOOST_EPSILON : f(1 - py) < XGBOOST_EPSILON ? f(1 - XGBOOST_EPSILON) : py;
    return { yhat, ...(yhat !== p ? { yhatHow: 'clip' as const } : {}), logP: f(Math.log(yhat)), log1mP: f(Math.log(f(1 - yhat))) };
  },
  snippet,
  snippetLibrary: 'xgboost',
} as const satisfies Framework;

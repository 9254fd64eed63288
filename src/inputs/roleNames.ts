/**
 * The names that give an array or a column its role, in one place. Two lists, on purpose: names in
 * code (a selection's variables: y_test, yhat, probs, p) are read with their punctuation dropped,
 * and the last word of a longer name decides (train_labels); a file's columns are matched by their
 * whole name, from a shorter list, since a header has unrelated columns (an id, a p-value, a score
 * of another model) that the looser code names would take.
 */

/** A role's own name, as messages say it. */
export const ROLE_NAME = { yTrue: 'y_true', yPred: 'y_pred', sampleWeight: 'sample_weight' } as const;

/** Column names (CSV/TSV headers, JSON keys, .npz members, Parquet and Arrow fields), matched whole. */
export const COLUMN_ROLE_NAMES = {
  yTrue: ['y_true', 'ytrue', 'y', 'label', 'labels', 'target', 'targets', 'actual', 'truth'],
  yPred: [
    'y_pred',
    'ypred',
    'pred',
    'preds',
    'prediction',
    'predictions',
    'prob',
    'probs',
    'probability',
    'probabilities',
    'score',
    'scores',
    'output',
    'outputs',
    'y_hat',
    'yhat',
    'y_prob',
    'y_score',
    'logits',
    'logit',
    'p',
  ],
  weight: ['sample_weight', 'sampleweight', 'sample_weights', 'weight', 'weights', 'w'],
  epoch: ['epoch', 'step'],
  split: ['split', 'subset', 'phase'],
} as const;

/** Column names that mean the predictions are logits. */
export const LOGIT_COLUMN_NAMES: ReadonlySet<string> = new Set(['logits', 'logit', 'y_logits', 'y_logit']);

/** Variable names in a selection, without their punctuation (y_pred → ypred). */
export const SELECTION_ROLE_NAMES: Record<'yTrue' | 'yPred' | 'sampleWeight' | 'logits' | 'ignore', readonly string[]> = {
  yTrue: [
    'y', 'ytrue', 'yt', 'labels', 'label', 'target', 'targets', 'actual', 'actuals', 'truth', 'truths', 'gt', 'groundtruth',
    'ytest', 'yval', 'yvalid', 'yvalidation', 'ytrain', 'ylabel', 'ylabels', 'ytarget', 'ytargets', 'yactual', 'truelabels', 'truelabel', 'true',
  ],
  yPred: [
    'ypred', 'ypreds', 'yhat', 'preds', 'pred', 'prediction', 'predictions', 'predicted', 'ypredicted', 'probs', 'prob', 'proba', 'probas',
    'probabilities', 'probability', 'yproba', 'ypredproba', 'predproba', 'predprobs', 'output', 'outputs', 'out', 'scores', 'score',
    'yprob', 'yprobs', 'yscore', 'yscores', 'yp', 'phat', 'p',
  ],
  logits: ['logits', 'logit', 'ylogits', 'ylogit', 'predlogits', 'outputlogits', 'ypredlogits'],
  sampleWeight: ['sampleweight', 'sampleweights', 'weights', 'weight', 'w', 'sw'],
  /** Arrays that are not inputs of the loss: shapes in printed tensors, per-class and per-label weights. */
  ignore: ['shape', 'dtype', 'size', 'ndim', 'axis', 'device', 'strides', 'classweight', 'classweights', 'posweight', 'posweights', 'classes'],
};

/** The last word of a longer name decides: train_labels, val_probs, y_pred_logits, batch_weights. */
export const SELECTION_ROLE_WORDS: Record<'yTrue' | 'yPred' | 'sampleWeight' | 'logits', readonly string[]> = {
  yTrue: ['labels', 'label', 'targets', 'target', 'truth', 'gt', 'actual', 'actuals', 'true'],
  yPred: ['preds', 'pred', 'predictions', 'prediction', 'predicted', 'probs', 'prob', 'proba', 'probabilities', 'scores', 'score', 'outputs', 'output', 'hat'],
  logits: ['logits', 'logit'],
  sampleWeight: ['weights', 'weight'],
};

// The requests whose generated SQL is committed as golden text (test/fixtures/sql/<dialect>/<case>.sql):
// `npm run golden:sql` (scripts/generate-sql-golden.ts) rewrites them, sql.golden.test.ts compares.
import { type LossOptions } from '../../../src/core';
import { resolveSqlOptions, type SqlRoles, type SqlSource } from '../../../src/core/sql';

export interface GoldenCase {
  name: string;
  source: SqlSource;
  roles: SqlRoles;
  options: LossOptions;
  asLogits: boolean;
}

const base: LossOptions = { semantics: 'keras', fromLogits: false, labelSmoothing: 0, dtype: 'float64' };
const table: SqlSource = { kind: 'table', name: 'analytics.eval_rows' };
const query: SqlSource = { kind: 'query', sql: "SELECT label AS y_true, score AS y_pred, w FROM events WHERE day = '2026-12-01'" };

export const GOLDEN_CASES: GoldenCase[] = [
  { name: 'keras-weighted-epochs', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred', weight: 'w', epoch: 'epoch', split: 'split' }, options: { ...base, labelSmoothing: 0.1 }, asLogits: false },
  { name: 'keras-logits', source: query, roles: { yTrue: 'y_true', yPred: 'y_pred' }, options: { ...base, fromLogits: true }, asLogits: true },
  { name: 'tf-keras2-float32', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred' }, options: { ...base, semantics: 'tf-keras2', dtype: 'float32' }, asLogits: false },
  { name: 'torch-logits-pos-weight', source: query, roles: { yTrue: 'y_true', yPred: 'y_pred', weight: 'w' }, options: { ...base, semantics: 'torch', fromLogits: true, posWeight: [3] }, asLogits: true },
  { name: 'torch-probabilities-sum', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred' }, options: { ...base, semantics: 'torch', reduction: 'sum' }, asLogits: false },
  { name: 'sklearn', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred', weight: 'w' }, options: { ...base, semantics: 'sklearn' }, asLogits: false },
  { name: 'sklearn-1.1', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred' }, options: { ...base, semantics: 'sklearn-1.1' }, asLogits: false },
  { name: 'sklearn-1.5', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred' }, options: { ...base, semantics: 'sklearn-1.5' }, asLogits: false },
  { name: 'xgboost-logits', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred', weight: 'w' }, options: { ...base, semantics: 'xgboost', fromLogits: true }, asLogits: true },
  { name: 'lightgbm', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred' }, options: { ...base, semantics: 'lightgbm', fromLogits: true }, asLogits: true },
  { name: 'spark', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred', weight: 'w' }, options: { ...base, semantics: 'spark' }, asLogits: false },
  { name: 'optax', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred' }, options: { ...base, semantics: 'optax', fromLogits: true }, asLogits: true },
  { name: 'tf-nn-float32', source: table, roles: { yTrue: 'y_true', yPred: 'y_pred', epoch: 'step' }, options: { ...base, semantics: 'tf-nn', fromLogits: true, dtype: 'float32' }, asLogits: true },
];

export const goldenOptions = (c: GoldenCase) => resolveSqlOptions(c.options, c.asLogits, c.roles);

// Every framework of the registry in SQL: a framework without an entry here fails the type check.
import type { Semantics } from '../../options';
import { lightgbmSql, xgboostSql } from './boosting';
import type { SqlFormula } from './formula';
import { keras3Sql, tfKeras2Sql, tfNnSql } from './keras';
import { optaxSql } from './optax';
import { sklearn11Sql, sklearn15Sql, sklearnSql } from './sklearn';
import { sparkSql } from './spark';
import { torchSql } from './torch';

export const SQL_FORMULAS: Readonly<Record<Semantics, SqlFormula>> = {
  keras: keras3Sql,
  'tf-keras2': tfKeras2Sql,
  torch: torchSql,
  sklearn: sklearnSql,
  'sklearn-1.1': sklearn11Sql,
  'sklearn-1.5': sklearn15Sql,
  xgboost: xgboostSql,
  lightgbm: lightgbmSql,
  spark: sparkSql,
  optax: optaxSql,
  'tf-nn': tfNnSql,
};

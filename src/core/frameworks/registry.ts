// The frameworks BCE Lens computes as, in the order the settings, the CLI and the comparison list
// them. Adding one is a file beside this one, its tests, and one line here.
import type { Framework } from './framework';
import { keras3 } from './keras3';
import { lightgbm } from './lightgbm';
import { optax } from './optax';
import { sklearn, sklearn11, sklearn15 } from './sklearn';
import { spark } from './spark';
import { tfKeras2 } from './tfKeras2';
import { tfNn } from './tfNn';
import { torch } from './torch';
import { xgboost } from './xgboost';

const LIST = [keras3, tfKeras2, torch, sklearn, sklearn11, sklearn15, xgboost, lightgbm, spark, optax, tfNn] as const;

/** A framework's id: `keras`, `torch`, `sklearn-1.1`, … */
export type Semantics = (typeof LIST)[number]['id'];

export const FRAMEWORK_LIST: readonly Framework[] = LIST;

export const SEMANTICS: readonly Semantics[] = LIST.map((fw) => fw.id);

const byId = new Map<string, Framework>(FRAMEWORK_LIST.map((fw) => [fw.id, fw]));

/** The framework of an id; undefined for an unknown one (validateOptions says so). */
export function findFramework(id: string): Framework | undefined {
  return byId.get(id);
}

/** The framework of a known id. */
export function framework(id: Semantics): Framework {
  return byId.get(id) as Framework;
}

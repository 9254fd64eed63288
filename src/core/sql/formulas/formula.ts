import type { ResolvedOptions } from '../../options';
import type { SqlSteps } from '../build';

/**
 * One framework's element loss in SQL, mirroring its TypeScript (src/core/frameworks/<name>.ts)
 * step by step: given the columns bce_y (label) and bce_p (probability or logit), it adds the
 * steps it needs and returns the loss expression. `pw` is pos_weight (1 when unused).
 */
export type SqlFormula = (s: SqlSteps, o: ResolvedOptions, pw: number) => string;

/** The label and prediction columns every formula reads. */
export const Y = 'bce_y';
export const P = 'bce_p';

import { framework } from './frameworks/registry';
import type { ElementLoss } from './frameworks/framework';
import type { ResolvedOptions } from './options';

export type { ElementLoss };
export { KERAS_EPSILON } from './frameworks/keras3';
export { TORCH_LOG_CLAMP } from './frameworks/torch';
export { SKLEARN_EPSILON } from './frameworks/sklearn';

/** The loss of one element as the options' framework computes it. */
export function makeElementLoss(o: ResolvedOptions): ElementLoss {
  return framework(o.semantics).elementLoss(o);
}

/** The loss of a class-label sample with probability columns [q0, q1], as the options' framework computes it. */
export function columnsLoss(o: ResolvedOptions, y: number, q0: number, q1: number): number {
  const fw = framework(o.semantics);
  if (!fw.columnsLoss) throw new Error(`${fw.title} takes no probability columns`);
  return fw.columnsLoss(o, y, q0, q1);
}

/** Between the panel's controls (PanelOptions) and the core's LossOptions. Pure: unit-tested. */
import { framework, type LossOptions, type Reduction } from '../core';
import type { PanelOptions } from '../shared/panelView';

/**
 * The options to compute with. `fromLogitsByName` is what the input itself says (a variable or key
 * named "logits"): it decides "auto" before the range check does.
 */
export function toLossOptions(p: PanelOptions, fromLogitsByName?: boolean, classes?: readonly (number | string)[]): LossOptions {
  const fromLogits = p.fromLogits === 'true' ? true : p.fromLogits === 'false' ? false : fromLogitsByName === true ? true : 'auto';
  // A reduction the framework does not have (left over from another semantics) falls back to its default.
  const reduction = p.reduction !== 'default' && (framework(p.semantics).reductions as readonly string[]).includes(p.reduction) ? p.reduction : undefined;
  return {
    semantics: p.semantics,
    fromLogits,
    // Frameworks without label smoothing: the control is disabled there, the value ignored.
    labelSmoothing: framework(p.semantics).labelSmoothing ? p.labelSmoothing : 0,
    ...(reduction ? { reduction: reduction as Reduction } : {}),
    dtype: p.dtype,
    // scikit-learn's labels argument, for the frameworks that read class names.
    ...(classes && framework(p.semantics).classNames ? { classes } : {}),
  };
}

export function toPanelOptions(o: LossOptions): PanelOptions {
  return {
    semantics: o.semantics,
    fromLogits: o.fromLogits === 'auto' ? 'auto' : o.fromLogits ? 'true' : 'false',
    labelSmoothing: o.labelSmoothing,
    reduction: o.reduction ?? 'default',
    dtype: o.dtype,
  };
}

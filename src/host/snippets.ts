/** Which options and which number a "Copy Python" snippet reproduces. Pure: unit-tested. */
import {
  comparisonVariants,
  describeOptions,
  effectiveDtype,
  pythonSnippet,
  resolveReduction,
  type LossOptions,
  type ResolvedOptions,
  type Semantics,
  type SnippetData,
} from '../core';
import type { PanelView } from '../shared/panelView';

/**
 * The snippet for one framework: for the chosen semantics, exactly the shown result (its reduction
 * too, "none" included); for another framework, the options of its comparison row, quoting that
 * row's number.
 */
export function snippetFor(semantics: Semantics, chosen: LossOptions, primary: ResolvedOptions, view: PanelView, data: SnippetData): string {
  let options: ResolvedOptions;
  let expected: number | undefined;
  let description: string | undefined;
  if (semantics === primary.semantics) {
    options = primary;
    expected = view.result.perSample ? undefined : view.result.loss;
    description = view.result.description;
  } else {
    const variant = comparisonVariants(chosen).find((v) => v.semantics === semantics && v.dtype === effectiveDtype(semantics, chosen.dtype));
    const o = variant?.options ?? { ...chosen, semantics };
    options = {
      semantics,
      fromLogits: primary.fromLogits,
      labelSmoothing: o.labelSmoothing,
      reduction: resolveReduction(o),
      dtype: o.dtype,
      ...(o.posWeight && primary.fromLogits ? { posWeight: o.posWeight } : {}),
    };
    const row = view.comparison.rows.find((r) => r.semantics === semantics && r.dtype === effectiveDtype(semantics, chosen.dtype));
    expected = row?.loss ?? undefined;
    description = describeOptions(options);
  }
  return pythonSnippet({
    options,
    data,
    ...(expected !== undefined && expected !== null ? { expected: String(expected) } : {}),
    ...(description ? { description } : {}),
  });
}

/** Which options and which number a "Copy Python" snippet reproduces. Pure: unit-tested. */
import {
  comparisonVariants,
  describeOptions,
  pythonSnippet,
  resolveReduction,
  type LossOptions,
  type ResolvedOptions,
  type Semantics,
  type SnippetData,
  type SnippetFramework,
} from '../core';
import type { PanelView } from '../shared/panelView';

/**
 * The snippet for one framework: for the chosen semantics, exactly the shown result (its reduction
 * too, "none" included); for another framework, the options of its comparison row, quoting that
 * row's number. Keras follows the chosen flavour (tf.keras 2 when it is chosen, else Keras 3).
 */
export function snippetFor(framework: SnippetFramework, chosen: LossOptions, primary: ResolvedOptions, view: PanelView, data: SnippetData): string {
  const semantics: Semantics = framework === 'keras' ? (chosen.semantics === 'tf-keras2' ? 'tf-keras2' : 'keras') : framework;
  let options: ResolvedOptions;
  let expected: number | undefined;
  let description: string | undefined;
  if (semantics === primary.semantics) {
    options = primary;
    expected = view.result.perSample ? undefined : view.result.loss;
    description = view.result.description;
  } else {
    const variant = comparisonVariants(chosen).find((v) => v.semantics === semantics && v.dtype === chosen.dtype);
    const o = variant?.options ?? { ...chosen, semantics };
    options = {
      semantics,
      fromLogits: primary.fromLogits,
      labelSmoothing: o.labelSmoothing,
      reduction: resolveReduction(o),
      dtype: o.dtype,
      ...(o.posWeight && primary.fromLogits ? { posWeight: o.posWeight } : {}),
    };
    const row = view.comparison.rows.find((r) => r.semantics === semantics && r.dtype === chosen.dtype);
    expected = row?.loss ?? undefined;
    description = describeOptions(options);
  }
  return pythonSnippet({
    framework,
    options,
    data,
    ...(expected !== undefined && expected !== null ? { expected: String(expected) } : {}),
    ...(description ? { description } : {}),
  });
}

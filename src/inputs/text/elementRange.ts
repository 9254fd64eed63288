import type { ElementPosition } from '../../core';
import type { ParsedSelection, SourceRange } from './parseSelection';

/**
 * The source range of y_true[index][label], y_pred[…] or sample_weight[index], so a core error
 * can be shown at its place; for 1-D arrays the sample's only range is used. Undefined when the
 * parser gave no range.
 */
export function elementRange(ranges: ParsedSelection['ranges'] | undefined, at: ElementPosition): SourceRange | undefined {
  if (!ranges) return undefined;
  switch (at.array) {
    case 'y_true':
    case 'y_pred': {
      const rows = at.array === 'y_true' ? ranges.yTrue : ranges.yPred;
      const row = rows[at.index];
      if (!row || row.length === 0) return undefined;
      return row[at.label ?? 0] ?? row[0];
    }
    case 'sample_weight':
      return ranges.sampleWeight?.[at.index];
    case 'pos_weight':
      return undefined;
  }
}

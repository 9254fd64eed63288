/** Where an element of the parsed arrays sits in the document. Pure: unit-tested. */
import { elementRange } from '../inputs/text';
import type { SelectionRanges, SourceRange } from './selectionInput';

export { elementRange };

/** A span of document text, 0-based, end exclusive. */
export interface Span {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

function span(first: SourceRange, last: SourceRange): Span {
  return { start: { line: first.line, column: first.column }, end: { line: last.line, column: last.column + last.length } };
}

/**
 * What to select when a table row is chosen: the sample's label and its prediction (one label of
 * them, or the whole row of a multi-label sample, from its first to its last element).
 */
export function sampleSpans(ranges: SelectionRanges | undefined, index: number, label?: number): Span[] {
  if (!ranges) return [];
  const out: Span[] = [];
  for (const rows of [ranges.yTrue, ranges.yPred]) {
    const row = rows[index];
    if (!row || row.length === 0) continue;
    if (label !== undefined && row[label]) out.push(span(row[label], row[label]));
    else out.push(span(row[0], row[row.length - 1]));
  }
  return out;
}

export { parseSelection, type ParsedSelection, type SelectionRanges, type SelectionText, type SourceRange } from './parseSelection';
export { elementRange } from './elementRange';

export { parseSelection, type ParsedSelection, type SelectionText, type SourceRange } from './parseSelection';
export { elementRange } from './elementRange';

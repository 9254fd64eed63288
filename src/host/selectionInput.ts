/**
 * The arrays in an editor's selections: which texts to parse, the parse itself, and where each
 * element sits in the document (to select it on an error or when a table row is chosen).
 */
import * as vscode from 'vscode';
import type { LossInput } from '../core';
import { parseSelection, type SelectionRanges, type SelectionText, type SourceRange } from '../inputs/text';

export type { SelectionRanges, SelectionText, SourceRange };

export interface ParsedSelectionData {
  input: LossInput;
  /** The input names its predictions "logits": "auto" then means logits. */
  fromLogitsByName?: boolean;
  /** Where each element is; absent when the parser cannot tell. */
  ranges?: SelectionRanges;
}

/** [startLine, startCharacter, endLine, endCharacter], 0-based: a selection that survives a reload. */
export type StoredSelection = [number, number, number, number];

/** The texts to parse: every non-empty selection, or the whole document when nothing is selected. */
export function selectionTexts(document: vscode.TextDocument, selections: readonly vscode.Selection[]): { texts: SelectionText[]; whole: boolean; stored: StoredSelection[] } {
  const chosen = selections.filter((s) => !s.isEmpty).sort((a, b) => a.start.compareTo(b.start));
  if (chosen.length === 0) {
    const end = document.lineAt(document.lineCount - 1).range.end;
    return { texts: [{ text: document.getText(), line: 0, column: 0 }], whole: true, stored: [[0, 0, end.line, end.character]] };
  }
  return {
    texts: chosen.map((s) => ({ text: document.getText(s), line: s.start.line, column: s.start.character })),
    whole: false,
    stored: chosen.map((s) => [s.start.line, s.start.character, s.end.line, s.end.character]),
  };
}

/** The texts of stored selections in a (possibly reopened) document. */
export function storedTexts(document: vscode.TextDocument, stored: readonly StoredSelection[]): SelectionText[] {
  return stored.map(([sl, sc, el, ec]) => {
    const range = document.validateRange(new vscode.Range(sl, sc, el, ec));
    return { text: document.getText(range), line: range.start.line, column: range.start.character };
  });
}

/**
 * Parses the texts (JSON, Python, NumPy/PyTorch calls, plain rows…): element ranges and
 * InputError places come back in document coordinates.
 */
export function parseSelectionTexts(texts: readonly SelectionText[], source: string): ParsedSelectionData {
  const parsed = parseSelection(texts, source);
  const { ranges, fromLogits, yTrue, yPred, sampleWeight } = parsed;
  return {
    input: { yTrue, yPred, ...(sampleWeight ? { sampleWeight } : {}) },
    ...(fromLogits ? { fromLogitsByName: true } : {}),
    ranges,
  };
}

/**
 * How a place is shown in an editor (pure, no vscode import, so it is unit-tested): with
 * `preserveFocus` (Enter or a click on a sample row) the editor scrolls to the place and selects
 * it while the keyboard stays in the panel, so the next keys typed do not edit the user's file;
 * without it (Alt+Enter, "Show in editor", an error's Go to) the editor takes focus.
 */
export interface RevealShowOptions<Column, R> {
  viewColumn: Column;
  preserveFocus: boolean;
  /** Selected by showTextDocument itself: no second step that could move focus. */
  selection: R;
  /** A file opened only to show a row stays a preview when focus stays in the panel. */
  preview?: boolean;
}

export function revealShowOptions<Column, R>(viewColumn: Column, selection: R, preserveFocus: boolean): RevealShowOptions<Column, R> {
  return preserveFocus ? { viewColumn, preserveFocus: true, selection, preview: true } : { viewColumn, preserveFocus: false, selection };
}

/**
 * Whether an input error's place is worth a "Go to" (pure, no vscode import, so it is unit-tested).
 * "no arrays found" is about the selection as a whole: its place is just where the selection
 * starts, and selecting the token there (a keyword, a comment) points at nothing wrong.
 */
const NOWHERE = [/^no arrays found\b/];

export function hasMeaningfulPlace(detail: string): boolean {
  return !NOWHERE.some((re) => re.test(detail));
}

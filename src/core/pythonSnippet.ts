import { findFramework } from './frameworks/registry';
import type { SnippetRequest } from './snippets/python';

export { pyList, pyNumber, type SnippetData, type SnippetRequest } from './snippets/python';

/** A Python snippet that prints the same loss with the real framework (its semantics picks which). */
export function pythonSnippet(req: SnippetRequest): string {
  const fw = findFramework(req.options.semantics);
  if (!fw?.snippet) throw new Error(`no Python snippet for ${req.options.semantics}`);
  const lines: string[] = [];
  if (req.description) lines.push(`# BCE Lens: ${req.description}${req.expected === undefined ? '' : ` → ${req.expected}`}`);
  else if (req.expected !== undefined) lines.push(`# BCE Lens computed ${req.expected}`);
  lines.push(...fw.snippet(req));
  return lines.join('\n') + '\n';
}

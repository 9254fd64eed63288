/**
 * Which document or file a restored panel recomputes from. The webview's saved state is the
 * webview's to write (any script in it could put any URI and scheme there), so the host keeps the
 * source itself, in the workspace state, and a restored panel trusts only that.
 */
import type { PanelSource, PanelView } from '../shared/panelView';

/** The workspace-state key of the shown panel's source (there is one panel). */
export const KEPT_SOURCE_KEY = 'bceLens.panelSource';

export interface KeptSource {
  kind: 'selection' | 'file';
  /** The document or file as the host had it. */
  uri: string;
  /** Selections as [startLine, startCharacter, endLine, endCharacter], 0-based. */
  selections?: [number, number, number, number][];
  /** The whole document was read (no selection). */
  whole?: boolean;
}

/** What the host keeps of a source it showed; undefined when there is nothing to re-read. */
export function keptSourceOf(source: PanelSource): KeptSource | undefined {
  // A query is not run again by itself after a reload: its panel stays a picture.
  if (!source.uri || source.kind === 'database') return undefined;
  if (source.kind === 'file') return { kind: 'file', uri: source.uri };
  if (!source.selections || source.selections.length === 0) return undefined;
  return { kind: 'selection', uri: source.uri, selections: source.selections.map((s) => [...s]), whole: source.detail === 'whole document' };
}

function isKeptSource(x: unknown): x is KeptSource {
  if (typeof x !== 'object' || x === null) return false;
  const k = x as Record<string, unknown>;
  if ((k.kind !== 'file' && k.kind !== 'selection') || typeof k.uri !== 'string') return false;
  if (k.kind === 'file') return true;
  return (
    Array.isArray(k.selections) &&
    k.selections.length > 0 &&
    k.selections.every((s) => Array.isArray(s) && s.length === 4 && s.every((n) => Number.isInteger(n) && (n as number) >= 0)) &&
    (k.whole === undefined || typeof k.whole === 'boolean')
  );
}

/**
 * The source a restored panel may re-read: the host's kept one, and only when the restored view
 * shows that same source (else the view is from another computation and stays a picture).
 * Nothing of the view's own URI or selections is used.
 */
export function restoredSource(kept: unknown, view: PanelView): KeptSource | undefined {
  if (!isKeptSource(kept)) return undefined;
  if (view.source.kind !== kept.kind || view.source.uri !== kept.uri) return undefined;
  return kept;
}

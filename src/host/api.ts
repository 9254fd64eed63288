/**
 * What activate() returns (the extension's exports), for the integration tests and other
 * extensions. panelState() and setPanelOption() go through the webview, so they test the real round
 * trip (host → webview DOM → host recompute → webview redraw); they are there only outside
 * Production mode (the tests, a development checkout), not in an installed extension.
 */
import type { PanelOptionName, PanelState } from '../shared/protocol';
import type { ApiResult } from './session';

export interface LastError {
  message: string;
  /** 1-based place in a document or file, when the error has one. */
  place?: { uri: string; line: number; column: number };
}

export interface BceLensApi {
  /** The last result on screen: a LossResult (selection), or LossResult & { file } (data file). */
  lastResult(): ApiResult | undefined;
  /** The last error shown, for tests of error reporting. */
  lastError(): LastError | undefined;
  /**
   * Asks the webview what it shows (read from its DOM); undefined when no panel is open. A hidden
   * panel is revealed first, since a hidden webview is not running.
   */
  panelState?(): Promise<PanelState | undefined>;
  /**
   * Changes a control in the webview as a user would (the change event included) and resolves when
   * the recomputed result is drawn; rejects when the recompute fails. Names: semantics, fromLogits
   * (or from-logits: 'auto' | 'true' | 'false' | boolean), labelSmoothing (or label-smoothing),
   * reduction ('default' or a reduction), dtype.
   */
  setPanelOption?(name: PanelOptionName | 'from-logits' | 'label-smoothing', value: string | number | boolean): Promise<void>;
}

/** The lens's own API: everything, the panel's round trip included. */
export type BceLensTestApi = Required<BceLensApi>;

/** Accepts the DOM ids as names too, and the natural JS types as values. */
export function normaliseOption(name: string, value: unknown): { name: PanelOptionName; value: string | number | boolean } {
  const aliases: Record<string, PanelOptionName> = {
    semantics: 'semantics',
    fromLogits: 'fromLogits',
    'from-logits': 'fromLogits',
    from_logits: 'fromLogits',
    labelSmoothing: 'labelSmoothing',
    'label-smoothing': 'labelSmoothing',
    label_smoothing: 'labelSmoothing',
    reduction: 'reduction',
    dtype: 'dtype',
  };
  const canonical = aliases[name];
  if (!canonical) throw new TypeError(`unknown panel option "${name}"; expected one of ${Object.keys(aliases).join(', ')}`);
  if (canonical === 'fromLogits' && typeof value === 'boolean') return { name: canonical, value: value ? 'true' : 'false' };
  if (canonical === 'labelSmoothing' && typeof value === 'string' && value.trim() !== '') return { name: canonical, value: Number(value) };
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new TypeError(`bad value for ${name}: ${String(value)}`);
  return { name: canonical, value };
}

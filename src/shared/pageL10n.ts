/**
 * How the host hands the webview its translations: vscode.l10n.bundle (the same bundle the host's
 * vscode.l10n.t reads) as JSON in an attribute of the page's <main>, read before the first draw.
 */
import { isRecord } from './validate';

/** The attribute of <main id="app"> that carries the bundle; absent in English. */
export const L10N_ATTRIBUTE = 'data-l10n';

export type L10nBundle = Record<string, string>;

/** An l10n bundle: an object of message → translation, every one a string. */
export function isL10nBundle(x: unknown): x is L10nBundle {
  return isRecord(x) && Object.values(x).every((v) => typeof v === 'string');
}

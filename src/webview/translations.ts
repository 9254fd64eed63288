/**
 * The page's translations: the host puts vscode.l10n.bundle (the bundle its own vscode.l10n.t
 * reads) into an attribute of <main>; every string of the panel then goes through l10n.t of
 * @vscode/l10n, which looks it up there. Without the attribute (English) l10n.t gives the message.
 */
import * as l10n from '@vscode/l10n';
import { isL10nBundle, L10N_ATTRIBUTE } from '../shared/pageL10n';

/** Reads the bundle before anything is drawn; a bundle that cannot be read leaves the panel in English, with a warning. */
export function useTranslations(root: HTMLElement): void {
  const text = root.getAttribute(L10N_ATTRIBUTE);
  try {
    const bundle: unknown = text ? JSON.parse(text) : {};
    if (!isL10nBundle(bundle)) throw new Error('not an object of strings');
    l10n.config({ contents: bundle });
  } catch (e) {
    l10n.config({ contents: {} });
    console.warn(`BCE Lens: the panel's translations could not be read (${(e as Error).message}); it is shown in English`);
  }
}

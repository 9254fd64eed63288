/** Mean loss of each label column, for multi-label data, with a bar to compare them. */
import { formatShort } from '../../shared/format';
import type { PanelView } from '../../shared/panelView';
import * as l10n from '@vscode/l10n';
import { h } from '../dom';
import type { Layout } from '../layout';

export function renderPerLabel(l: Layout, view: PanelView): void {
  const per = view.result.stats.perLabel;
  l.perLabelSection.hidden = !per || per.length < 2;
  if (!per || per.length < 2) return;
  const max = Math.max(...per.filter(Number.isFinite), 1e-12);
  l.perLabel.replaceChildren(
    h('caption', { class: 'visually-hidden' }, l10n.t('Mean unweighted loss of each label column')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, l10n.t('Label')), h('th', { scope: 'col', class: 'num' }, l10n.t('Mean loss')), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, l10n.t('Relative size'))))),
    h(
      'tbody',
      {},
      ...per.map((v, j) => {
        const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
        // CSSOM, not a style attribute: allowed by the panel's content security policy.
        bar.style.width = `${Math.max(0, Math.min(100, (v / max) * 100))}%`;
        return h('tr', {}, h('th', { scope: 'row' }, l10n.t('label {0}', j)), h('td', { class: 'num' }, formatShort(v, 6)), h('td', { class: 'bar-cell' }, bar));
      }),
    ),
  );
}

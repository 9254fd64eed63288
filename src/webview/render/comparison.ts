/** The same data under each framework, with the reason wherever the number differs. */
import { formatDelta, formatLoss } from '../../shared/format';
import type { PanelView } from '../../shared/panelView';
import * as l10n from '@vscode/l10n';
import { h } from '../dom';
import type { Layout } from '../layout';

export interface ComparisonActions {
  /** Switch the controls to this row's semantics and dtype. */
  use(semantics: string, dtype: string): void;
}

export function renderComparison(l: Layout, view: PanelView, actions: ComparisonActions): void {
  const body = l.comparison.tBodies[0];
  body.replaceChildren(
    ...view.comparison.rows.map((row) => {
      const isRef = row.relation === 'reference';
      const loss = row.loss === undefined || row.loss === null ? '—' : formatLoss(row.loss);
      const delta = row.delta === undefined || row.delta === null ? '' : row.relation === 'same' ? '=' : formatDelta(row.delta);
      const why = row.relation === 'error' ? row.reason ?? l10n.t('cannot compute this') : row.relation === 'same' ? l10n.t('same number') : isRef ? l10n.t('chosen') : row.reason ?? '';
      const useButton =
        !isRef && row.relation !== 'error' && view.canRecompute
          ? h('button', { type: 'button', class: 'link use', title: l10n.t('Compute with {0}', row.title), 'aria-label': l10n.t('Use {0}', row.title) }, l10n.t('use'))
          : null;
      useButton?.addEventListener('click', () => actions.use(row.semantics, row.dtype));
      return h(
        'tr',
        { class: `relation-${row.relation}`, 'aria-current': isRef ? 'true' : undefined, 'data-semantics': row.semantics, 'data-dtype': row.dtype },
        // Focusable from the script (after "use"), not a tab stop.
        h('th', { scope: 'row', tabindex: -1 }, h('span', { class: 'framework' }, row.title), useButton),
        h('td', { class: 'num', title: row.loss !== undefined && row.loss !== null ? String(row.loss) : undefined }, loss),
        h('td', { class: 'num delta' }, delta),
        h('td', { class: 'why' }, why),
      );
    }),
  );
  l.comparisonNote.textContent = view.comparison.note ?? '';
  l.comparisonNote.hidden = !view.comparison.note;
}

/** For small inputs: every term of the sum with the user's numbers, and the reduction. */
import type { PanelView } from '../../shared/panelView';
import * as l10n from '@vscode/l10n';
import { h } from '../dom';
import type { Layout } from '../layout';
import { explain } from '../model';

export function renderExplain(l: Layout, view: PanelView): void {
  const e = explain(view);
  l.explainSection.hidden = !e;
  if (!e) return;
  l.explainLegend.textContent = e.legend;
  l.explain.replaceChildren(
    ...e.terms.map((t) =>
      h(
        'li',
        {},
        h('div', { class: 'explain-head' }, h('span', { class: 'what' }, t.what), t.how ? h('span', { class: 'how' }, t.how) : null),
        // Not <code>: VS Code's default webview styles colour it like an error in some themes.
        h('div', { class: 'term' }, `ℓ = ${t.term}`),
      ),
    ),
    ...(e.more > 0 ? [h('li', { class: 'more' }, l10n.t('… and {0} more element(s)', e.more))] : []),
  );
  l.explainReduction.textContent = e.reduction ? l10n.t('loss ({0}) = {1}', view.result.reduction, e.reduction) : l10n.t('Reduction "{0}": each sample’s loss is its own result.', 'none');
}

/** A plain data table (the table behind a chart). */
import { h } from '../dom';

export function dataTable(t: { caption: string; columns: string[]; rows: string[][] }, numericFrom = 1): HTMLTableElement {
  return h(
    'table',
    { class: 'data-table compact' },
    h('caption', {}, t.caption),
    h('thead', {}, h('tr', {}, ...t.columns.map((c, i) => h('th', { scope: 'col', class: i >= numericFrom ? 'num' : undefined }, c)))),
    h('tbody', {}, ...t.rows.map((r) => h('tr', {}, ...r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', { class: i >= numericFrom ? 'num' : undefined }, c)))))),
  );
}

import { framework } from '../frameworks/registry';
import { SqlSteps } from './build';
import type { SqlDialect } from './dialect';
import { SQL_DIALECTS } from './dialects';
import { SQL_FORMULAS } from './formulas';
import { SQL_HISTOGRAM_BINS, SQL_WORST_K, type SqlLossRequest, type SqlSource } from './request';
import { checkUserQuery } from './userQuery';
import { BceError } from '../errors';

/** The largest double: x BETWEEN −MAX AND MAX is false for NULL, NaN and ±∞ in every engine. */
const MAX = 1.7976931348623157e308;

/** The result columns besides kind, epoch, split and bin, all DOUBLE, in order (merge.ts reads them by name). */
export const SQL_STATE_COLUMNS = [
  'n',
  'weight_sum',
  'loss_sum',
  'unweighted_sum',
  'positives',
  'negatives',
  'upper',
  'positive_loss',
  'negative_loss',
  'min_loss',
  'max_loss',
  'min_pred',
  'max_pred',
  'outside_unit',
  'negative_weights',
  'bad_y',
  'bad_p',
  'bad_w',
  'y',
  'p',
  'w',
  'loss',
] as const;

export type SqlStateColumn = (typeof SQL_STATE_COLUMNS)[number];

function sourceSql(d: SqlDialect, s: SqlSource): string {
  switch (s.kind) {
    case 'query':
      return checkUserQuery(s.sql);
    case 'table':
      return `SELECT * FROM ${s.name.split('.').map(d.ident).join('.')}`;
    case 'parquet':
      if (!d.parquet) throw new BceError('option', `${d.title} reads no Parquet path here; give a table or a query`);
      return `SELECT * FROM ${d.parquet(s.path)}`;
  }
}

/**
 * ONE read-only query that returns the mergeable state BceAccumulator keeps, computed with the
 * framework's own formula: rows of kind 'total' (per epoch and split), 'histogram' (per bin) and
 * 'worst' (the k rows of largest loss). merge.ts turns the rows into an accumulator.
 */
export function buildLossQuery(req: SqlLossRequest): string {
  const d = SQL_DIALECTS[req.dialect];
  const o = req.options;
  const fw = framework(o.semantics);
  const k = req.worstK ?? SQL_WORST_K;
  const bins = req.histogramBins ?? SQL_HISTOGRAM_BINS;
  const roles = req.roles;
  const D = d.double;
  const lit = (x: number) => (x < 0 ? `(${d.num(x)})` : d.num(x));
  const finite = (c: string) => `${c} BETWEEN ${lit(-MAX)} AND ${lit(MAX)}`;

  const steps = new SqlSteps(d, o.dtype === 'float32');
  const loss = SQL_FORMULAS[o.semantics](steps, o, o.posWeight?.[0] ?? 1);
  const weightsFloat32 = fw.float32Weights !== undefined;
  const productFloat32 = o.dtype === 'float32' || fw.float32Weights === 'product';
  const wq = weightsFloat32 ? steps.f32('bce_w') : 'bce_w';
  const weighted = productFloat32 ? steps.f32(`bce_wq * bce_loss`) : 'bce_wq * bce_loss';
  const prob = o.fromLogits ? steps.sigmoid('bce_p') : 'bce_p';

  const cast = (col: string | undefined, type: string) => (col === undefined ? (d.nullOf ? d.nullOf(type) : `CAST(NULL AS ${type})`) : `CAST(${d.ident(col)} AS ${type})`);
  /**
   * The rows with their loss, as CTEs named `<prefix>…`. Where the engine has no one-pass top-k
   * (dialect.topK), written twice (the totals, the worst rows), so each CTE is read once and every
   * engine streams it: DuckDB kept a CTE read twice in memory (1.2 GB for 10^7 rows,
   * bench/engine.js), PostgreSQL materializes one.
   */
  const chain = (prefix: string): { ctes: string[]; last: string } => {
    const ctes: string[] = [];
    ctes.push(`${prefix}source AS (\n${indent(sourceSql(d, req.source))}\n)`);
    ctes.push(
      `${prefix}input AS (\n  SELECT ${cast(roles.yTrue, D)} AS bce_y0, ${cast(roles.yPred, D)} AS bce_p0, ${roles.weight === undefined ? `${lit(1)}` : cast(roles.weight, D)} AS bce_w0,\n` +
        `    ${cast(roles.epoch, d.text)} AS bce_epoch, ${cast(roles.split, d.text)} AS bce_split\n  FROM ${prefix}source\n)`,
    );
    // Invalid values are counted below and refuse the result; here they become harmless numbers so no formula fails on them.
    ctes.push(
      `${prefix}clean AS (\n  SELECT *, CASE WHEN bce_y0 >= 0 AND bce_y0 <= 1 THEN bce_y0 ELSE 0 END AS bce_y,\n` +
        `    CASE WHEN ${finite('bce_p0')} THEN bce_p0 ELSE 0 END AS bce_p,\n    CASE WHEN ${finite('bce_w0')} THEN bce_w0 ELSE 0 END AS bce_w\n  FROM ${prefix}input\n)`,
    );
    let previous = `${prefix}clean`;
    const layer = (name: string, columns: [string, string][]) => {
      ctes.push(`${prefix}${name} AS (\n  SELECT *, ${columns.map(([c, e]) => `${e} AS ${c}`).join(',\n    ')}\n  FROM ${previous}\n)`);
      previous = `${prefix}${name}`;
    };
    steps.steps.forEach(([column, expr], i) => layer(`step${i}`, [[column, expr]]));
    layer('loss', [['bce_loss', loss]]);
    layer('rows', [
      ['bce_wq', wq],
      ['bce_prob', prob],
    ]);
    layer('bins', [
      ['bce_weighted', weighted],
      ['bce_bin', `CASE WHEN bce_prob * ${bins} >= ${bins} THEN ${bins - 1} WHEN bce_prob * ${bins} < 0 THEN 0 ELSE FLOOR(bce_prob * ${bins}) END`],
    ]);
    return { ctes, last: previous };
  };
  const count = (cond: string) => `CAST(SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS ${D})`;
  const state: Record<string, string> = {
    n: `CAST(COUNT(*) AS ${D})`,
    weight_sum: d.sum('bce_wq'),
    loss_sum: d.sum('bce_weighted'),
    unweighted_sum: d.sum('bce_loss'),
    positives: count('bce_y0 = 1'),
    negatives: count('bce_y0 = 0'),
    upper: count('bce_y >= 0.5'),
    positive_loss: d.sum('CASE WHEN bce_y0 = 1 THEN bce_loss ELSE 0 END'),
    negative_loss: d.sum('CASE WHEN bce_y0 = 0 THEN bce_loss ELSE 0 END'),
    min_loss: 'MIN(bce_loss)',
    max_loss: 'MAX(bce_loss)',
    min_pred: 'MIN(bce_p)',
    max_pred: 'MAX(bce_p)',
    outside_unit: count('bce_p < 0 OR bce_p > 1'),
    negative_weights: count('bce_w < 0'),
    bad_y: count('NOT (bce_y0 >= 0 AND bce_y0 <= 1) OR bce_y0 IS NULL'),
    bad_p: count(`NOT (${finite('bce_p0')}) OR bce_p0 IS NULL`),
    bad_w: count(`NOT (${finite('bce_w0')}) OR bce_w0 IS NULL`),
  };
  const nul = (type: string) => (d.nullOf ? d.nullOf(type) : `CAST(NULL AS ${type})`);
  const columns = (values: Partial<Record<string, string>>) =>
    SQL_STATE_COLUMNS.map((c) => `${values[c] ?? nul(D)} AS ${c}`).join(',\n    ');
  const header = [
    `-- BCE Lens: ${fw.title} (${o.fromLogits ? 'logits' : 'probabilities'}, ${o.dtype}) in ${d.title}; read-only.`,
    `-- Returns the mergeable state (totals per epoch and split, histogram bins, the ${k} worst rows): bce-lens --engine reads it.`,
  ];
  const worstFields: [string, string][] = [
    ['epoch', 'bce_epoch'],
    ['split', 'bce_split'],
    ['y', 'bce_y'],
    ['p', 'bce_p'],
    ['w', 'bce_wq'],
    ['loss', 'bce_loss'],
  ];

  if (d.topK) {
    // One scan and one hash aggregate: the state and the k worst rows per (epoch, split, bin), a
    // small table materialised once; the totals and the histogram add its groups up (partial
    // compensated sums summed again), and the worst rows are the k largest of the groups' lists.
    // (GROUPING SETS with the top-k in each set took 1.7× the time of the two reads, bench/engine.js.)
    const top = d.topK;
    const rows = chain('bce_');
    const rollup: Record<string, string> = Object.fromEntries(
      Object.keys(state).map((c) => [c, /^min_/.test(c) ? `MIN(${c})` : /^max_/.test(c) ? `MAX(${c})` : /_sum$|_loss$/.test(c) ? d.sum(c) : `SUM(${c})`]),
    );
    const groups =
      `bce_groups AS MATERIALIZED (\n  SELECT bce_epoch, bce_split, bce_bin,\n    ` +
      `${Object.entries(state).map(([c, e]) => `${e} AS ${c}`).join(',\n    ')},\n    ${top.aggregate(worstFields, 'bce_loss', k)} AS bce_top\n` +
      `  FROM ${rows.last}\n  GROUP BY bce_epoch, bce_split, bce_bin\n)`;
    const totals = `SELECT 'total' AS kind, bce_epoch AS epoch, bce_split AS split, ${nul(D)} AS bin,\n    ${columns(rollup)}\n  FROM bce_groups\n  GROUP BY bce_epoch, bce_split`;
    const histogram = `SELECT 'histogram' AS kind, ${nul(d.text)} AS epoch, ${nul(d.text)} AS split, CAST(bce_bin AS ${D}) AS bin,\n    ${columns(rollup)}\n  FROM bce_groups\n  GROUP BY bce_bin`;
    const f = (name: string) => top.field('bce_r', name);
    const worst =
      `SELECT 'worst' AS kind, ${f('epoch')} AS epoch, ${f('split')} AS split, ${nul(D)} AS bin,\n    ${columns({ y: f('y'), p: f('p'), w: f('w'), loss: f('loss') })}\n` +
      `  FROM (SELECT bce_r FROM (SELECT ${top.unnest('bce_top')} AS bce_r FROM bce_groups) AS bce_all ORDER BY ${f('loss')} DESC LIMIT ${k}) AS bce_worst`;
    return [...header, `WITH ${[...rows.ctes, groups].join(',\n')}`, totals, 'UNION ALL', histogram, 'UNION ALL', worst].join('\n');
  }

  const totalsChain = chain('bce_t_');
  const worstChain = chain('bce_w_');
  const totals =
    `SELECT CASE WHEN GROUPING(bce_bin) = 1 THEN 'total' ELSE 'histogram' END AS kind, bce_epoch AS epoch, bce_split AS split, CAST(bce_bin AS ${D}) AS bin,\n    ${columns(state)}\n` +
    `  FROM ${totalsChain.last}\n  GROUP BY GROUPING SETS ((bce_epoch, bce_split), (bce_bin))`;
  const worst =
    `SELECT 'worst' AS kind, bce_epoch AS epoch, bce_split AS split, ${nul(D)} AS bin,\n    ${columns({ y: 'bce_y', p: 'bce_p', w: 'bce_wq', loss: 'bce_loss' })}\n` +
    `  FROM (SELECT ${worstFields.map(([, e]) => e).join(', ')} FROM ${worstChain.last} ORDER BY bce_loss DESC LIMIT ${k}) AS bce_worst`;
  return [...header, `WITH ${[...totalsChain.ctes, ...worstChain.ctes].join(',\n')}`, totals, 'UNION ALL', worst].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

import { resultHeaderJson } from '../core';
/** The result as text and as JSON, for "Copy result". Pure: unit-tested. */
import { formatBytes, formatCount, formatDuration, formatShort } from '../shared/format';
import type { PanelView } from '../shared/panelView';

/** Plain text a person pastes into a chat or a notebook: the number first, then what it is. */
export function resultText(v: PanelView): string {
  const r = v.result;
  const s = r.stats;
  const lines: string[] = [];
  const head = r.perSample ? `${r.perSample.count} per-sample values, mean ${String(r.loss)}` : String(r.loss);
  lines.push(`Binary cross-entropy: ${head}`);
  lines.push(r.description);
  lines.push(`Source: ${v.source.title} (${v.source.detail})`);
  const counts = [`N = ${formatCount(r.n)}`];
  if (r.labels > 1) counts.push(`${r.labels} labels per sample`);
  counts.push(`${formatCount(s.positives)} positive`, `${formatCount(s.negatives)} negative`);
  if (s.soft) counts.push(`${formatCount(s.soft)} soft labels`);
  if (v.file) counts.push(`${formatCount(v.file.invalidRows)} invalid rows`);
  lines.push(counts.join(', '));
  if (v.file) lines.push(`File: ${v.file.format.toUpperCase()}, ${formatBytes(v.file.bytes)}, ${formatCount(v.file.rows)} rows`);
  lines.push(`Mean loss: positives ${formatShort(s.meanLossPositive)}, negatives ${formatShort(s.meanLossNegative)}; per-sample min ${formatShort(s.minSampleLoss)}, max ${formatShort(s.maxSampleLoss)}`);
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  if (v.comparison.rows.length) {
    lines.push('', 'Under each framework:');
    for (const row of v.comparison.rows) {
      const value = row.loss !== undefined && row.loss !== null ? String(row.loss) : 'n/a';
      const why = row.reason ? ` (${row.reason})` : row.relation === 'same' ? ' (same)' : row.relation === 'reference' ? ' (chosen)' : '';
      lines.push(`  ${row.title}: ${value}${why}`);
    }
    if (v.comparison.note) lines.push(`  ${v.comparison.note}`);
  }
  if (r.labels === 1 && r.reduction !== 'sum_over_batch_size' && r.reduction !== 'mean') {
    lines.push('', 'A 1-D array is read as n samples of one label (shape (n, 1)).');
  }
  lines.push('', `Computed by BCE Lens in ${formatDuration(v.elapsedMs)}.`);
  return lines.join('\n') + '\n';
}

/** JSON of the result with its statistics (the same fields as the CLI's --json), plus the comparison. */
export function resultJson(v: PanelView): string {
  const r = v.result;
  const json = {
    loss: r.perSample ? r.perSample.values : r.loss,
    ...(r.perSample ? { perSampleCount: r.perSample.count, meanLoss: r.loss } : {}),
    ...resultHeaderJson(r),
    source: v.source,
    ...(v.file ? { file: v.file } : {}),
    stats: r.stats,
    warnings: r.warnings,
    comparison: v.comparison.rows.map((row) => ({
      framework: row.title,
      semantics: row.semantics,
      dtype: row.dtype,
      loss: row.loss ?? null,
      relation: row.relation,
      ...(row.reason ? { reason: row.reason } : {}),
    })),
    ...(v.epochs ? { epochs: v.epochs } : {}),
    elapsedMs: v.elapsedMs,
  };
  return JSON.stringify(json, null, 2) + '\n';
}

/**
 * JSON, read whole: an object of arrays {"y_true": [...], "y_pred": [...]} (nested lists for
 * multi-label) or an array of records [{"y_true": 0, "y_pred": 0.3}, ...]. Computed with
 * computeLoss, so string class labels work with the sklearn semantics exactly as for a selection.
 * Places of problems are found afterwards by scanning the text for the element.
 */
import { BceError, computeLoss, findings, inputMetrics, resolvedOf, type Finding, type Label, type LabelMetrics, type LossInput, type LossOptions, type LossResult } from '../../core';
import { excerpt, InputError, quote, type SourcePlace } from '../inputError';
import { jsonProblem, tokenAt, tooDeepAt, tooDeepDetail } from '../jsonSyntax';
import { resolveColumns, type ColumnPlan } from './columns';
import { refuseUtf16 } from './textEncoding';
import { elementOffsets, keyOffset, valueOffset, type Path } from './jsonPlaces';
import { abortError, columnNames, lastAtOrBefore } from './util';
import { FILE_FINDINGS_NOTE } from './findingLanes';
import type { DataSource, EpochLoss, FileComputeOptions, FileLossResult, InvalidRow } from './types';


/** Reads all chunks into one buffer (copied: a source may reuse its chunk buffer). */
export async function readAll(source: DataSource, options: Pick<FileComputeOptions, 'signal' | 'onProgress'>): Promise<Uint8Array> {
  let buf = new Uint8Array(source.size && source.size > 0 ? source.size : 65536);
  let length = 0;
  for await (const chunk of source.chunks()) {
    if (options.signal?.aborted) throw abortError();
    if (length + chunk.byteLength > buf.length) {
      const grown = new Uint8Array(Math.max(buf.length * 2, length + chunk.byteLength));
      grown.set(buf.subarray(0, length));
      buf = grown;
    }
    buf.set(chunk, length);
    length += chunk.byteLength;
    options.onProgress?.(length);
  }
  if (options.signal?.aborted) throw abortError();
  return buf.subarray(0, length);
}

interface Sample {
  y: Label | Label[];
  p: number | number[];
  w?: number;
  epoch?: string;
}

/** Element places in the text, found lazily. */
class Places {
  private lineStarts: number[] | undefined;
  constructor(
    readonly text: string,
    readonly source: string,
  ) {}

  at(offset: number): SourcePlace {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const s = this.lineStarts;
    const lo = lastAtOrBefore(s, offset);
    return { source: this.source, line: lo + 1, column: offset - s[lo] + 1 };
  }

  of(path: Path): SourcePlace {
    return this.at(this.offsetOf(path));
  }

  offsetOf(path: Path): number {
    const parent = path.slice(0, -1);
    const last = path[path.length - 1];
    const offset = typeof last === 'number' ? (elementOffsets(this.text, parent)[last] ?? valueOffset(this.text, parent)) : keyOffset(this.text, parent, last);
    return offset < 0 ? 0 : offset;
  }

  /** The number or word at the path as the file writes it (1e999, not the Infinity it became), else undefined. */
  scalarAt(path: Path): string | undefined {
    const offset = this.offsetOf(path);
    const c = this.text.charCodeAt(offset);
    return c === 91 || c === 123 ? undefined : tokenAt(this.text, offset);
  }
}

export async function computeJson(source: DataSource, options: FileComputeOptions): Promise<FileLossResult> {
  const bytes = await readAll(source, options);
  refuseUtf16(bytes, source.name);
  const text = new TextDecoder('utf-8').decode(bytes);
  const places = new Places(text, source.name);
  // Nesting first: JSON.parse takes any depth, the walks after it do not.
  const deep = tooDeepAt(text);
  if (deep >= 0) throw new InputError(places.at(deep), tooDeepDetail());
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // Node's message often has no position: the place and the token come from our own reading.
    const problem = jsonProblem(text);
    throw new InputError(places.at(problem?.offset ?? 0), problem?.detail ?? `invalid JSON: ${(e as Error).message}`);
  }
  const start = places.at(Math.max(0, text.search(/\S/)));
  const records = Array.isArray(data);
  if (!records && (typeof data !== 'object' || data === null)) {
    throw new InputError(start, 'expected a JSON object such as {"y_true": [...], "y_pred": [...]} or an array of records [{"y_true": 0, "y_pred": 0.3}, ...]');
  }
  let keys: string[];
  if (records) {
    const list = data as unknown[];
    if (list.length === 0) throw new InputError(start, 'the array has no records: expected [{"y_true": 0, "y_pred": 0.3}, ...]');
    const first = list[0];
    if (typeof first !== 'object' || first === null || Array.isArray(first)) {
      throw new InputError(places.of([0]), `expected records (objects) such as {"y_true": 0, "y_pred": 0.3}, found ${quote(JSON.stringify(first) ?? String(first))}`);
    }
    keys = Object.keys(first);
  } else keys = Object.keys(data as object);
  const columns = resolveColumns(
    keys,
    true,
    options.columns,
    (message, column) => {
      throw new InputError(column === undefined || records ? start : places.of([keys[column]]), message);
    },
    'key',
  );
  const table = records ? recordTable(data as unknown[], columns, places) : objectTable(data as Record<string, unknown>, columns, places);
  const onInvalid = options.onInvalid ?? 'error';

  // Reader-level checks: a bad sample is an error or skipped, as for CSV rows.
  const kept: number[] = [];
  let invalidRows = 0;
  let firstInvalid: InvalidRow | undefined;
  let width: { y: number; p: number } | undefined;
  for (let i = 0; i < table.n; i++) {
    const problem = checkSample(table.sample(i), width, columns);
    if (!problem) {
      const s = table.sample(i);
      width ??= { y: Array.isArray(s.y) ? s.y.length : 0, p: Array.isArray(s.p) ? s.p.length : 0 };
      kept.push(i);
      continue;
    }
    const path = table.path(i, problem.role, problem.label);
    const place = places.of(path);
    // The value as written: 1e999 parses to Infinity, which JSON.stringify would show as null.
    if (problem.scalar) problem.text = places.scalarAt(path) ?? problem.text;
    if (onInvalid === 'error') throw new InputError(place, `${problem.reason}, found ${quote(problem.text)}`);
    if (invalidRows++ === 0) firstInvalid = { line: place.line, column: place.column, text: excerpt(problem.text), reason: problem.reason };
  }
  if (kept.length === 0 && table.n > 0 && firstInvalid) {
    throw new InputError({ source: source.name, line: firstInvalid.line, column: firstInvalid.column }, `no valid samples: ${firstInvalid.reason}, found ${quote(firstInvalid.text)}`);
  }
  const samples = kept.map((i) => table.sample(i));
  const input: LossInput = {
    yTrue: samples.map((s) => s.y),
    yPred: samples.map((s) => s.p),
    ...(columns.weight >= 0 ? { sampleWeight: samples.map((s) => s.w as number) } : {}),
  };
  let sourceLines: ((i: number) => number) | undefined;
  const linesOf = () => {
    if (!sourceLines) {
      const offsets = records ? elementOffsets(text, []) : elementOffsets(text, [keys[columns.yPred[0]]]);
      sourceLines = (i) => places.at(offsets[kept[i]] ?? 0).line;
    }
    return sourceLines;
  };
  const results: FileLossResult['results'] = options.variants.map((variant) => {
    const o: LossOptions = columns.fromLogitsByName && variant.fromLogits === 'auto' ? { ...variant, fromLogits: true } : variant;
    try {
      const result = computeLoss(input, o);
      const lines = linesOf();
      result.stats.worst = result.stats.worst.map((w) => ({ ...w, source: lines(w.index) }));
      return { ok: true as const, result };
    } catch (e) {
      if (!(e instanceof BceError)) throw e;
      if (!e.position || e.position.index >= kept.length) return { ok: false as const, error: `${source.name}: ${e.message}` };
      const role = e.position.array === 'y_true' ? 'y' : e.position.array === 'y_pred' ? 'p' : 'w';
      const place = places.of(table.path(kept[e.position.index], role, e.position.label));
      return { ok: false as const, error: `${place.source}:${place.line}:${place.column}: ${e.detail}` };
    }
  });
  const first = results[0];
  const epochs = first.ok && columns.epoch >= 0 ? epochLosses(samples, input, options.variants[0], first.result, columns.split >= 0) : undefined;
  // The samples are in memory: the metrics are exact, as for a selection.
  let metrics: { metrics: LabelMetrics[] } | { metricsNote: string } | undefined;
  if (options.metrics && first.ok) {
    try {
      metrics = { metrics: inputMetrics(input, resolvedOf(first.result)) };
    } catch (e) {
      if (!(e instanceof BceError)) throw e;
      metrics = { metricsNote: e.detail };
    }
  }
  // In memory too, so found as a selection's are; the broadcast trap is for arrays, not a file's columns.
  let found: { findings: Finding[]; findingsNote: string } | undefined;
  if (options.metrics && first.ok) {
    const chosen: LossOptions = columns.fromLogitsByName && options.variants[0].fromLogits === 'auto' ? { ...options.variants[0], fromLogits: true } : options.variants[0];
    const all = findings(input, chosen, first.result, metrics && 'metrics' in metrics ? metrics.metrics : undefined, columns.fromLogitsByName);
    found = { findings: all.filter((f) => f.code !== 'broadcast-trap'), findingsNote: FILE_FINDINGS_NOTE };
  }
  return {
    format: 'json',
    columns: columnNames(columns),
    results,
    invalidRows,
    ...(firstInvalid ? { firstInvalid } : {}),
    ...(epochs && epochs.length ? { epochs } : {}),
    ...(metrics ?? {}),
    ...(found ?? {}),
    bytes: bytes.byteLength,
    rows: kept.length,
  };
}

const SEPARATOR = '\u0000';

function epochLosses(samples: Sample[], input: LossInput, variant: LossOptions, result: LossResult, withSplit: boolean): EpochLoss[] {
  const groups = new Map<string, number[]>();
  samples.forEach((s, i) => {
    const key = s.epoch ?? '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  });
  const reduction = variant.reduction === 'none' ? undefined : variant.reduction;
  const options: LossOptions = { ...variant, fromLogits: result.fromLogits, ...(reduction ? { reduction } : {}) };
  if (!reduction) delete options.reduction;
  const out: EpochLoss[] = [];
  for (const [key, idx] of groups) {
    try {
      const r = computeLoss(
        {
          yTrue: idx.map((i) => input.yTrue[i]),
          yPred: idx.map((i) => input.yPred[i]),
          ...(input.sampleWeight ? { sampleWeight: idx.map((i) => (input.sampleWeight as readonly number[])[i]) } : {}),
        },
        options,
      );
      if (typeof r.loss !== 'number') continue;
      const cut = key.indexOf(SEPARATOR);
      out.push(withSplit && cut >= 0 ? { epoch: key.slice(0, cut), split: key.slice(cut + 1), loss: r.loss, n: r.n } : { epoch: key, loss: r.loss, n: r.n });
    } catch {
      // an epoch that cannot be computed alone (e.g. sklearn with one class) is left out
    }
  }
  return out;
}

interface Table {
  n: number;
  sample(i: number): Sample;
  /** JSON path of a sample's label (y), prediction (p) or weight (w), for error places. */
  path(i: number, role: 'y' | 'p' | 'w', label?: number): Path;
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** A weight column shaped (n, 1) as n weights, and one number as the weight of each of n samples; anything else as given. */
function weightColumn(v: unknown, n: number | undefined): unknown {
  if (typeof v === 'number' && n !== undefined) return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.every((x) => Array.isArray(x) && x.length === 1)) return v.map((x) => (x as unknown[])[0]);
  return v;
}

function objectTable(data: Record<string, unknown>, c: ColumnPlan, places: Places): Table {
  const names = c.names;
  const arrays = new Map<number, unknown[]>();
  for (const col of [...c.yTrue, ...c.yPred, c.weight, c.epoch, c.split]) {
    if (col < 0) continue;
    let v = data[names[col]];
    // sample_weight as Keras' tests pass it: a column (n, 1) is one weight per sample, a number is every sample's.
    if (col === c.weight) v = weightColumn(v, (data[names[c.yTrue[0]]] as unknown[] | undefined)?.length);
    if (!Array.isArray(v)) throw new InputError(places.of([names[col]]), `"${names[col]}" must be an array, found ${quote(JSON.stringify(v) ?? String(v))}`);
    arrays.set(col, v);
  }
  const n = (arrays.get(c.yTrue[0]) as unknown[]).length;
  for (const [col, a] of arrays) {
    if (a.length !== n) {
      throw new InputError(places.of([names[col]]), `shape mismatch: "${names[col]}" has ${a.length} values but "${names[c.yTrue[0]]}" has ${n}`);
    }
  }
  const get = (cols: number[], i: number) => (cols.length === 1 ? (arrays.get(cols[0]) as unknown[])[i] : cols.map((col) => (arrays.get(col) as unknown[])[i]));
  const epochOf = (i: number) =>
    c.epoch < 0 ? undefined : c.split < 0 ? text((arrays.get(c.epoch) as unknown[])[i]) : text((arrays.get(c.epoch) as unknown[])[i]) + SEPARATOR + text((arrays.get(c.split) as unknown[])[i]);
  return {
    n,
    sample: (i) => ({
      y: get(c.yTrue, i) as Label | Label[],
      p: get(c.yPred, i) as number | number[],
      ...(c.weight >= 0 ? { w: (arrays.get(c.weight) as unknown[])[i] as number } : {}),
      ...(c.epoch >= 0 ? { epoch: epochOf(i) } : {}),
    }),
    path: (i, role, label) => {
      const cols = role === 'y' ? c.yTrue : role === 'p' ? c.yPred : [c.weight];
      if (cols.length > 1) return [names[cols[label ?? 0]], i];
      return label === undefined || !Array.isArray((arrays.get(cols[0]) as unknown[])[i]) ? [names[cols[0]], i] : [names[cols[0]], i, label];
    },
  };
}

function recordTable(list: unknown[], c: ColumnPlan, places: Places): Table {
  const names = c.names;
  const rec = (i: number): Record<string, unknown> => {
    const r = list[i];
    return typeof r === 'object' && r !== null && !Array.isArray(r) ? (r as Record<string, unknown>) : {};
  };
  void places;
  const get = (cols: number[], r: Record<string, unknown>) => (cols.length === 1 ? r[names[cols[0]]] : cols.map((col) => r[names[col]]));
  return {
    n: list.length,
    sample: (i) => {
      const r = rec(i);
      return {
        y: get(c.yTrue, r) as Label | Label[],
        p: get(c.yPred, r) as number | number[],
        ...(c.weight >= 0 ? { w: r[names[c.weight]] as number } : {}),
        ...(c.epoch >= 0 ? { epoch: c.split < 0 ? text(r[names[c.epoch]]) : text(r[names[c.epoch]]) + SEPARATOR + text(r[names[c.split]]) } : {}),
      };
    },
    path: (i, role, label) => {
      const r = list[i];
      if (typeof r !== 'object' || r === null || Array.isArray(r)) return [i];
      const cols = role === 'y' ? c.yTrue : role === 'p' ? c.yPred : [c.weight];
      if (cols.length > 1) return [i, names[cols[label ?? 0]]];
      const key = names[cols[0]];
      if (!(key in r)) return [i];
      return label === undefined || !Array.isArray((r as Record<string, unknown>)[key]) ? [i, key] : [i, key, label];
    },
  };
}

interface Problem {
  role: 'y' | 'p' | 'w';
  label?: number;
  text: string;
  reason: string;
  /** The value is one number or word: the message quotes it from the file. */
  scalar?: boolean;
}

function checkSample(s: Sample, width: { y: number; p: number } | undefined, c: ColumnPlan): Problem | undefined {
  const yName = JSON.stringify(c.names[c.yTrue[0]]);
  const pName = JSON.stringify(c.names[c.yPred[0]]);
  const ys = Array.isArray(s.y) ? s.y : [s.y];
  const ps = Array.isArray(s.p) ? s.p : [s.p];
  if (width && (Array.isArray(s.y) ? s.y.length : 0) !== width.y) {
    return { role: 'y', text: JSON.stringify(s.y) ?? 'nothing', reason: width.y ? `expected a row of ${width.y} labels in ${yName} like the first sample's` : `expected one label in ${yName} like the first sample's` };
  }
  if (width && (Array.isArray(s.p) ? s.p.length : 0) !== width.p) {
    return { role: 'p', text: JSON.stringify(s.p) ?? 'nothing', reason: width.p ? `expected a row of ${width.p} predictions in ${pName} like the first sample's` : `expected one prediction in ${pName} like the first sample's` };
  }
  for (let j = 0; j < ys.length; j++) {
    const y = ys[j];
    const label = Array.isArray(s.y) ? j : undefined;
    if (typeof y === 'boolean' || typeof y === 'string') continue;
    if (typeof y !== 'number') return { role: 'y', label, text: JSON.stringify(y) ?? 'nothing', reason: `expected a label (a number in [0, 1], a boolean, or a class name) in ${yName}` };
    if (!(y >= 0 && y <= 1)) return { role: 'y', label, scalar: true, text: JSON.stringify(y), reason: `expected a label in [0, 1] in ${yName} (0/1 classes, or probabilities for soft labels)` };
  }
  for (let j = 0; j < ps.length; j++) {
    const p = ps[j];
    const label = Array.isArray(s.p) ? j : undefined;
    if (typeof p !== 'number' || !Number.isFinite(p)) return { role: 'p', label, scalar: typeof p === 'number', text: JSON.stringify(p) ?? 'nothing', reason: `expected a finite number in ${pName}` };
  }
  if (c.weight >= 0 && (typeof s.w !== 'number' || !Number.isFinite(s.w))) {
    return { role: 'w', scalar: typeof s.w === 'number', text: JSON.stringify(s.w) ?? 'nothing', reason: `expected a finite sample weight in ${JSON.stringify(c.names[c.weight])}` };
  }
  return undefined;
}

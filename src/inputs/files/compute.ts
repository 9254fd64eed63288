/**
 * computeFileLoss: reads a data file once for every option set, restarting the lanes whose
 * predictions turned out to be logits ("auto") with one more pass over the source.
 */
import { computeArrow, isArrow } from './arrow';
import { computeJson } from './json';
import { heldSource } from './onceSource';
import { computeNumpy } from './numpy';
import { computeParquet, isParquet } from './parquet';
import { computePass } from './computePass';
import { computeJsonStreamed } from './jsonStreamed';
import type { DataSource, FileComputeOptions, FileFormat, FileLossResult } from './types';
import { checkAbort } from './util';

export type ConcreteFormat = Exclude<FileFormat, 'auto'>;

/**
 * JSON files larger than this are streamed (jsonStreamed.ts) instead of read whole: one JavaScript
 * string holds at most 512 MiB, and JSON.parse of a few hundred MiB takes gigabytes.
 */
export const JSON_WHOLE_MAX_BYTES = 256 * 1024 * 1024;

/** The one list of data-file extensions (the host's file picker and the manifest's menus follow it). */
const EXTENSIONS: Readonly<Record<string, ConcreteFormat>> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  npy: 'npy',
  npz: 'npz',
  parquet: 'parquet',
  pq: 'parquet',
  parq: 'parquet',
  arrow: 'arrow',
  feather: 'arrow',
  arrows: 'arrow',
};

/** Binary formats, told by their magic bytes (a "line" of theirs is a row, not a place in a text). */
export const BINARY_FORMATS: ReadonlySet<string> = new Set<ConcreteFormat>(['npy', 'npz', 'parquet', 'arrow']);

/** Every extension (without the dot) that names a data format. */
export const DATA_FILE_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

/** The format a file name's extension says, if it says one. */
export function formatOfName(name: string): ConcreteFormat | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m ? EXTENSIONS[m[1].toLowerCase()] : undefined;
}

/** The format from the first bytes: .npy, zip, Parquet and Arrow magic, JSON or JSON Lines, else CSV (TSV when the first line has tabs and no commas). */
export function sniffFormat(head: Uint8Array): ConcreteFormat {
  if (isParquet(head)) return 'parquet';
  if (isArrow(head)) return 'arrow';
  if (head[0] === 0x93 && String.fromCharCode(...head.subarray(1, 6)) === 'NUMPY') return 'npy';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) return 'npz';
  const text = new TextDecoder().decode(head.subarray(0, 65536));
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('{')) {
    const lines = trimmed.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 1) {
      try {
        JSON.parse(lines[0]);
        if (lines[1].trimStart().startsWith('{')) return 'jsonl';
      } catch {
        // an object over several lines: JSON
      }
    }
    return 'json';
  }
  const first = trimmed.split('\n')[0];
  return first.includes('\t') && !first.includes(',') ? 'tsv' : 'csv';
}

async function detectFormat(source: DataSource, signal: AbortSignal | undefined): Promise<ConcreteFormat> {
  const byName = formatOfName(source.name);
  // A .json file may hold JSON Lines: the first bytes tell.
  if (byName && byName !== 'json') return byName;
  let head: Uint8Array = new Uint8Array(0);
  // A pipe is read once: its first bytes are looked at, not read.
  if (source.peek) head = await source.peek(4096);
  else {
    for await (const chunk of source.chunks()) {
      checkAbort(signal);
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      head = joined;
      if (head.length >= 4096) break;
    }
  }
  const sniffed = sniffFormat(head);
  // A .json file may hold JSON Lines; any name may hide a binary format its magic bytes tell.
  if (byName === 'json' && sniffed !== 'jsonl' && !BINARY_FORMATS.has(sniffed)) return 'json';
  return sniffed;
}

export async function computeFileLoss(source: DataSource, options: FileComputeOptions): Promise<FileLossResult> {
  if (options.variants.length === 0) throw new Error('computeFileLoss: give at least one set of options');
  checkAbort(options.signal);
  const format = options.format && options.format !== 'auto' ? options.format : await detectFormat(source, options.signal);
  checkAbort(options.signal);
  if (format === 'csv' || format === 'tsv' || format === 'jsonl') return computePass(source, format, options);
  // The other formats read by position or more than once: a pipe is held in memory for them.
  if (source.once) source = await heldSource(source);
  if (format === 'json') return (source.size ?? 0) > JSON_WHOLE_MAX_BYTES ? computeJsonStreamed(source, options) : computeJson(source, options);
  if (format === 'npy' || format === 'npz') return computeNumpy(source, format, options);
  if (format === 'parquet') return computeParquet(source, options);
  return computeArrow(source, options);
}

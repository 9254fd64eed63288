/**
 * The first lines of a CSV/TSV as a person sees them, for choosing its columns by hand: the
 * column names (or numbers, without a header), the first rows' values, and whether the file's own
 * header names the roles (readCsvHeader's column resolution, the reader's own rules).
 */
import { InputError } from '../inputError';
import { readCsvHeader, sniffDelimiter } from './csv';
import { parseLabelText } from './number';
import type { ColumnChoice } from './types';

export interface CsvPreview {
  /** Header names, or "1", "2", … when the first line is data. */
  names: string[];
  hasHeader: boolean;
  /** Up to `maxRows` data rows, each cut to the number of names. */
  rows: string[][];
  /** Why the columns cannot be taken from the header alone (with `choice`), or undefined when they can. */
  problem?: string;
}

/** Splits one line at `delimiter` outside double quotes; "" inside quotes is one quote. */
function fields(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') quoted = true;
    else if (c === delimiter) {
      out.push(field.trim());
      field = '';
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

/**
 * The preview of a CSV/TSV from its first bytes (`head`, e.g. 64 KiB; a line cut at its end is
 * left out). Undefined when the bytes hold no complete line.
 */
export function csvPreview(head: Uint8Array, format: 'csv' | 'tsv', name: string, choice?: ColumnChoice, maxRows = 5): CsvPreview | undefined {
  const end = head.lastIndexOf(10);
  if (end < 0) return undefined;
  const lines = new TextDecoder().decode(head.subarray(0, end)).replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  if (lines.length === 0) return undefined;
  const delimiter = format === 'tsv' ? '\t' : String.fromCharCode(sniffDelimiter(head, 0, end));
  const first = fields(lines[0], delimiter);
  const hasHeader = !first.every((t) => parseLabelText(t) !== undefined);
  const names = hasHeader ? first : first.map((_, i) => String(i + 1));
  const rows = lines.slice(hasHeader ? 1 : 0, (hasHeader ? 1 : 0) + maxRows).map((l) => fields(l, delimiter).slice(0, names.length));
  let problem: string | undefined;
  try {
    readCsvHeader(head.subarray(0, end + 1), { name, format, ...(choice ? { columns: choice } : {}) });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problem = e.detail;
  }
  return { names, hasHeader, rows, ...(problem ? { problem } : {}) };
}

/**
 * JSON too large to read whole, streamed: an array of records as JSON Lines are (jsonArray.ts),
 * an object of arrays by reading its arrays side by side (jsonColumns.ts).
 */
import { InputError } from '../inputError';
import { computePass } from './computePass';
import { computeJsonColumns } from './jsonColumns';
import type { DataSource, FileComputeOptions, FileLossResult } from './types';

export async function computeJsonStreamed(source: DataSource, options: FileComputeOptions): Promise<FileLossResult> {
  const first = await firstByte(source);
  if (first === 0x5b) return computePass(source, 'json', options);
  if (first === 0x7b && source.read && source.size !== undefined) return computeJsonColumns(source, options);
  throw new InputError({ source: source.name, line: 1, column: 1 }, 'expected a JSON object of arrays {"y_true": [...], "y_pred": [...]} or an array of records [{"y_true": 0, "y_pred": 0.3}, ...]');
}

/** The first byte after white space and a byte-order mark, or −1. */
async function firstByte(source: DataSource): Promise<number> {
  let bom = 0;
  // A pipe is looked at, not read: it is read once, by the pass.
  const chunks = source.peek ? [await source.peek(65536)] : source.chunks();
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (bom < 3 && b === [0xef, 0xbb, 0xbf][bom]) {
        bom++;
        continue;
      }
      bom = 3;
      if (b !== 32 && b !== 10 && b !== 13 && b !== 9) return b;
    }
  }
  return -1;
}

#!/usr/bin/env node
// The Keras 3 mean BCE of a Parquet file of y_true, y_pred read plainly with hyparquet (and
// hyparquet-compressors for zstd and the others): the two columns one row group at a time, then a
// float64 loop. The naive baseline of `npm run bench -- --parquet`. Prints the loss.
// Usage: node bench/hyparquet-mean.mjs FILE
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parquetMetadataAsync, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const fd = openSync(process.argv[2], 'r');
const file = {
  byteLength: fstatSync(fd).size,
  slice(start, end = this.byteLength) {
    const out = new Uint8Array(end - start);
    readSync(fd, out, 0, out.length, start);
    return out.buffer;
  },
};
const metadata = await parquetMetadataAsync(file);
const clip = (p) => Math.min(Math.max(p, 1e-7), 1 - 1e-7);
// Neumaier's compensated sum, as the CLI and DuckDB are compared to 1e-12.
let sum = 0;
let c = 0;
let n = 0;
let rowStart = 0;
for (const group of metadata.row_groups) {
  const rowEnd = rowStart + Number(group.num_rows);
  const columns = {};
  await parquetRead({ file, metadata, compressors, columns: ['y_true', 'y_pred'], rowStart, rowEnd, onChunk: (chunk) => (columns[chunk.columnName] = chunk.columnData) });
  const y = columns.y_true;
  const p = columns.y_pred;
  for (let i = 0; i < y.length; i++) {
    const q = clip(p[i]);
    const l = -(Number(y[i]) * Math.log(q) + (1 - Number(y[i])) * Math.log(1 - q));
    const t = sum + l;
    c += Math.abs(sum) >= Math.abs(l) ? sum - t + l : l - t + sum;
    sum = t;
  }
  n += y.length;
  rowStart = rowEnd;
}
closeSync(fd);
console.log(String((sum + c) / n));

#!/usr/bin/env node
// The Keras 3 mean BCE of an Arrow IPC / Feather file of y_true, y_pred read plainly with flechette
// (the whole file, lz4js or fzstd for compressed bodies), then a float64 loop: the naive baseline
// of the Feather rows of `npm run bench -- --parquet`. Prints the loss. Usage: node bench/flechette-mean.mjs FILE
import { readFileSync } from 'node:fs';
import { CompressionType, setCompressionCodec, tableFromIPC } from '@uwdata/flechette';
import lz4 from 'lz4js';
import { decompress as unzstd } from 'fzstd';

setCompressionCodec(CompressionType.LZ4_FRAME, { encode: () => undefined, decode: (b) => lz4.decompress(b) });
setCompressionCodec(CompressionType.ZSTD, { encode: () => undefined, decode: (b) => unzstd(b) });
const table = tableFromIPC(readFileSync(process.argv[2]));
const y = table.getChild('y_true').toArray();
const p = table.getChild('y_pred').toArray();
const clip = (v) => Math.min(Math.max(v, 1e-7), 1 - 1e-7);
// Neumaier's compensated sum, as the CLI and DuckDB are compared to 1e-12.
let sum = 0;
let c = 0;
for (let i = 0; i < y.length; i++) {
  const q = clip(p[i]);
  const l = -(y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q));
  const t = sum + l;
  c += Math.abs(sum) >= Math.abs(l) ? sum - t + l : l - t + sum;
  sum = t;
}
console.log(String((sum + c) / y.length));

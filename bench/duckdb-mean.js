#!/usr/bin/env node
// The Keras 3 mean BCE of a Parquet file of y_true, y_pred, computed by DuckDB's SQL (all cores):
// what `npm run bench -- --parquet` times the CLI against. Prints the loss. Usage: node bench/duckdb-mean.js FILE
'use strict';
const { DuckDBInstance } = require('@duckdb/node-api');

async function main(file) {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const clipped = 'greatest(least(y_pred, 1 - 1e-7), 1e-7)';
  const sql = `SELECT avg(-(y_true::DOUBLE * ln(${clipped}) + (1 - y_true::DOUBLE) * ln(1 - ${clipped}))) FROM read_parquet('${file.replace(/'/g, "''")}')`;
  const rows = (await c.runAndReadAll(sql)).getRows();
  console.log(String(rows[0][0]));
  c.closeSync();
}

main(process.argv[2]).catch((e) => {
  console.error(e);
  process.exit(1);
});

// `npm run bench -- --engine` helper (run with tsx): the loss of each Parquet file computed in
// DuckDB by its own query (as per partition or per day), the partial states merged in BCE Lens.
// Prints JSON: the merged loss, the seconds in DuckDB and the seconds of the merge itself.
import { openDuckdb } from '../src/inputs/engines/duckdbEngine';
import { buildLossQuery, finishSqlState, mergeSqlStates, readSqlRows, resolveSqlOptions, type SqlState } from '../src/core/sql';

async function main(files: string[]): Promise<void> {
  const roles = { yTrue: 'y_true', yPred: 'y_pred' };
  const options = resolveSqlOptions({ semantics: 'keras', fromLogits: false, labelSmoothing: 0, dtype: 'float64' }, false, roles);
  const duck = await openDuckdb();
  const rows = [];
  const queryStart = process.hrtime.bigint();
  for (const path of files) rows.push(await duck.run(buildLossQuery({ dialect: 'duckdb', source: { kind: 'parquet', path }, roles, options })));
  const querySeconds = Number(process.hrtime.bigint() - queryStart) / 1e9;
  const mergeStart = process.hrtime.bigint();
  let state: SqlState | undefined;
  for (const r of rows) {
    const part = readSqlRows(r, options);
    state = state ? mergeSqlStates(state, part) : part;
  }
  const { result } = finishSqlState(state as SqlState, roles);
  const mergeSeconds = Number(process.hrtime.bigint() - mergeStart) / 1e9;
  duck.close();
  console.log(JSON.stringify({ loss: result.loss, n: result.n, querySeconds, mergeSeconds }));
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Many more mutated Parquet and Arrow files than the unit test reads (test/unit/inputs/
 * files.columnar.fuzz.test.ts): `npx tsx scripts/fuzz-columnar.ts [cases] [first seed]`. Prints each
 * case that threw something else than a typed input error, took over a second, or raised the peak
 * RSS past 300 MiB, with the seed and the mutation to reproduce it; then the counts of outcomes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mutate, readMutated, targetOf } from '../test/unit/inputs/columnarMutations';

const dir = join(__dirname, '../test/fixtures/columnar');
const targets = readdirSync(dir)
  .filter((f) => /\.(parquet|arrow|arrows|feather)$/.test(f) && !['csv-named.parquet', 'truncated.parquet'].includes(f))
  .map((f) => targetOf(f, new Uint8Array(readFileSync(join(dir, f)))));

async function main(): Promise<void> {
  const cases = Number(process.argv[2] ?? 20000);
  const first = Number(process.argv[3] ?? 1);
  const counts = new Map<string, number>();
  const count = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  let slowest = 0;
  let peak = 0;
  let findings = 0;
  for (let seed = first; seed < first + cases; seed++) {
    const target = targets[seed % targets.length];
    const m = mutate(target, seed);
    const positional = seed % 3 !== 0;
    const start = performance.now();
    try {
      const r = await readMutated(m.bytes, target.name, positional, seed % 2 ? 'skip' : 'error');
      count(r.ok ? 'result' : r.error.name);
    } catch (e) {
      findings++;
      count('untyped');
      console.log(`seed ${seed} ${target.name} (${m.how}, ${positional ? 'positional' : 'streamed'}): ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 4).join(' | ') : String(e)}`);
    }
    const ms = performance.now() - start;
    const rss = process.memoryUsage().rss;
    if (ms > slowest) slowest = ms;
    if (rss > peak) peak = rss;
    if (ms > 1000 || rss > 300 * 2 ** 20) {
      findings++;
      console.log(`seed ${seed} ${target.name} (${m.how}): ${ms.toFixed(0)} ms, RSS ${(rss / 2 ** 20).toFixed(0)} MiB`);
    }
  }
  console.log(`${cases} cases (seeds ${first}–${first + cases - 1}) over ${targets.length} fixtures: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}; slowest ${slowest.toFixed(0)} ms, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB; ${findings} findings`);
  if (findings > 0) process.exitCode = 1;
}

void main();

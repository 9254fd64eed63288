/**
 * The CLI's threads claim the parts of a file (ranges, row groups) in whatever order the scheduler
 * gives them, each keeping one StreamMetrics across its parts, and the threads' metrics are merged
 * in whatever order the threads finish. The metrics must have the same bits however that went.
 */
import * as assert from 'node:assert/strict';
import { StreamMetrics, type MetricsLayout } from '../../../src/core';

interface Part {
  y: Float64Array;
  p: Float64Array;
  w: Float64Array | null;
  rows: number;
}

/** Seeded parts of varied sizes: continuous predictions with ties and repeated values, weights with all 53 bits. */
function parts(seed: number, sizes: number[], labels: number, weighted: boolean): Part[] {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  return sizes.map((rows) => {
    const y = new Float64Array(rows * labels);
    const p = new Float64Array(rows * labels);
    const w = weighted ? new Float64Array(rows) : null;
    for (let i = 0; i < rows * labels; i++) {
      p[i] = next() < 0.3 ? Math.round(next() * 40) / 40 : next() * next() + next() * 2 ** -30;
      y[i] = next() < p[i] ? 1 : 0;
    }
    if (w) for (let i = 0; i < rows; i++) w[i] = (next() + next() * 2 ** -32) * 3;
    return { y, p, w, rows };
  });
}

/** Pushes a part in batches of `batch` rows (the readers' batches differ from part to part). */
function pushPart(m: StreamMetrics, part: Part, labels: number, batch: number): void {
  for (let at = 0; at < part.rows; at += batch) {
    const n = Math.min(batch, part.rows - at);
    m.push(part.y.subarray(at * labels, (at + n) * labels), part.p.subarray(at * labels, (at + n) * labels), n, part.w ? part.w.subarray(at, at + n) : null);
  }
}

/**
 * The parts claimed one by one from a shared counter by `threads` threads in the order `turns`
 * gives (the thread that claims next), each thread's metrics posted as plain data and merged on the
 * main thread in `mergeOrder`.
 */
function readSplit(input: Part[], layout: MetricsLayout, turns: number[], threads: number, mergeOrder: number[]) {
  const held: (StreamMetrics | undefined)[] = new Array(threads).fill(undefined);
  input.forEach((part, k) => {
    const t = turns[k % turns.length] % threads;
    const m = (held[t] ??= new StreamMetrics(layout));
    m.startPart(k);
    pushPart(m, part, layout.labels, 1000 + 777 * t);
  });
  const states = mergeOrder.map((t) => held[t]).filter((m): m is StreamMetrics => m !== undefined).map((m) => structuredClone(m.toState()));
  const merged = StreamMetrics.fromState(states[0]);
  for (const s of states.slice(1)) merged.merge(StreamMetrics.fromState(s));
  return StreamMetrics.fromState(structuredClone(merged.toState())).finish(new Array(layout.labels).fill(0.4));
}

describe('StreamMetrics: the same bits however the parts were shared out between threads', () => {
  const schedules: { turns: number[]; threads: number; mergeOrder: number[] }[] = [
    { turns: [0], threads: 1, mergeOrder: [0] },
    { turns: [0, 1, 2], threads: 3, mergeOrder: [0, 1, 2] },
    { turns: [2, 2, 0, 1, 0, 2, 1], threads: 3, mergeOrder: [2, 0, 1] },
    { turns: [1, 0, 0, 0, 1, 1, 0, 1], threads: 2, mergeOrder: [1, 0] },
    { turns: [3, 1, 2, 0, 0, 3], threads: 4, mergeOrder: [3, 2, 1, 0] },
  ];
  const sizes = [5000, 1, 12000, 0, 7777, 4096, 30000, 333, 9000];
  for (const weighted of [false, true]) {
    for (const labels of [1, 2]) {
      // Kept samples (exact), a sketch from the start in every thread, and threads whose kept samples only
      // overflow when merged.
      for (const exactLimit of [200_000, 2000, 40_000 * labels]) {
        const mode = exactLimit === 200_000 ? 'exact' : exactLimit === 2000 ? 'sketched' : 'sketched once merged';
        it(`${weighted ? 'weighted' : 'unweighted'}, ${labels} label(s), ${mode}`, () => {
          const layout: MetricsLayout = { labels, fromLogits: false, twoColumns: false, weighted, exactLimit, sketchBins: 1 << 14 };
          const input = parts(17 + labels + (weighted ? 100 : 0), sizes, labels, weighted);
          const results = schedules.map((s) => readSplit(input, layout, s.turns, s.threads, s.mergeOrder));
          assert.ok('metrics' in results[0], JSON.stringify(results[0]));
          for (const [i, r] of results.entries()) assert.deepStrictEqual(r, results[0], `schedule ${i}`);
          // Read by one thread without parts (--workers 1): kept samples give the same bits; so do
          // a sketch's counts, its ROC AUC and AP when unweighted (their sums are of integers).
          const single = new StreamMetrics(layout);
          for (const part of input) pushPart(single, part, labels, 32768);
          const whole = single.finish(new Array(labels).fill(0.4));
          if (mode === 'exact') assert.deepStrictEqual(whole, results[0]);
          else if ('metrics' in whole && 'metrics' in results[0]) {
            const pick = (m: (typeof whole.metrics)[number]) => (weighted ? [m.n] : [m.n, m.weightSum, m.baseRate, m.rocAuc, m.averagePrecision, m.atHalf, m.bestF1, m.thresholds]);
            assert.deepStrictEqual(results[0].metrics.map(pick), whole.metrics.map(pick));
          } else assert.fail('metrics expected');
        });
      }
    }
  }

  it('a weighted bin sums its weights exactly: the same bits in any order, and says when it could not', () => {
    const layout: MetricsLayout = { labels: 1, fromLogits: false, twoColumns: false, weighted: true, exactLimit: 10, sketchBins: 1 << 10 };
    const y = Float64Array.from({ length: 64 }, (_, i) => i % 2);
    const p = new Float64Array(64).fill(0.25);
    const w = Float64Array.from({ length: 64 }, (_, i) => 0.1 * (i + 1) + 2 ** -40 * i);
    const sum = (order: number[], weights: Float64Array) => {
      const m = new StreamMetrics(layout);
      for (const i of order) m.push(y.subarray(i, i + 1), p.subarray(i, i + 1), 1, weights.subarray(i, i + 1));
      const r = m.finish([0.4]);
      assert.ok('metrics' in r);
      return r.metrics[0];
    };
    const up = [...Array(64).keys()];
    const down = [...up].reverse();
    const a = sum(up, w);
    const b = sum(down, w);
    // The bins' sums decide the confusion counts at 0.5 (one bin here): same bits either way.
    assert.deepStrictEqual([a.atHalf, a.thresholds], [b.atHalf, b.thresholds]);
    assert.doesNotMatch(a.errorBound?.note ?? '', /rounded/);
    // Weights 10^30 apart need more than two numbers a sum: the note says so.
    const wide = Float64Array.from(w, (x, i) => (i % 3 === 0 ? x * 1e30 : x));
    assert.match(sum(up, wide).errorBound?.note ?? '', /exact additions to bins: those bins' weight sums are rounded/);
    // Sums past the largest double are said to be rounded.
    const huge = sum(up, new Float64Array(64).fill(1e308));
    assert.match(huge.errorBound?.note ?? '', /rounded/);
  });
});

// Deterministic rows for the engine tests: labels, probabilities that hit every clip (0, 1, 1e-20,
// 1 − 1e-17, …), logits up to ±1e4, weights; written as CSV so every engine reads the same doubles.
import { prng } from '../inputs/filesHelpers';

export interface SqlTestData {
  y: number[];
  p: number[];
  x: number[];
  w: number[];
  epoch: number[];
  /** y with soft labels (for the frameworks that take them). */
  ySoft: number[];
}

const EDGE_P = [0, 1, 1e-20, 1e-16, 1e-15, 5e-8, 1e-7, 1 - 1e-7, 1 - 1e-16, 1 - 1e-17, 0.5, 1e-300, 3e-45];
const EDGE_X = [1e4, -1e4, 40, -40, 745, -745, 709, -709, 88.7, -88.7, 0, 1e-300, -36.7];

export function sqlTestData(n: number, seed = 17): SqlTestData {
  const r = prng(seed);
  const d: SqlTestData = { y: [], p: [], x: [], w: [], epoch: [], ySoft: [] };
  for (let i = 0; i < n; i++) {
    const y = r() < 0.4 ? 1 : 0;
    d.y.push(y);
    d.ySoft.push(i % 7 === 3 ? Math.round(r() * 100) / 100 : y);
    d.p.push(i < EDGE_P.length * 2 ? EDGE_P[i % EDGE_P.length] : r());
    d.x.push(i < EDGE_X.length * 2 ? EDGE_X[i % EDGE_X.length] * (i < EDGE_X.length ? 1 : -1) : (r() - 0.5) * 30);
    d.w.push(0.25 + r() * 3);
    d.epoch.push(1 + (i % 3));
  }
  return d;
}

/** The rows as CSV text (shortest round-trip numbers): y, y_soft, p, x, w, epoch. */
export function sqlTestCsv(d: SqlTestData): string {
  const lines = ['y_true,y_soft,y_pred,logit,weight,epoch'];
  for (let i = 0; i < d.y.length; i++) lines.push([d.y[i], d.ySoft[i], d.p[i], d.x[i], d.w[i], d.epoch[i]].map(String).join(','));
  return lines.join('\n') + '\n';
}

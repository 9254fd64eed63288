/** Views for the webview tests, built by the host's own view model from real computations. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeLoss, diagnose, resolvedOf, sampleLosses, type LossInput, type LossOptions } from '../../src/core';
import { toPanelOptions } from '../../src/host/panelOptions';
import { buildPanelView, isSmallInput, runComparison } from '../../src/host/viewModel';
import type { EpochPointView, PanelView } from '../../src/shared/panelView';

/** The committed English bundle (l10n/bundle.l10n.json): the webview tests look every word up in it, as a translated VS Code does. */
export const ENGLISH_BUNDLE = JSON.parse(fs.readFileSync(path.join(__dirname, '../../l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;

export const keras: LossOptions = { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };

export function viewOf(input: LossInput, o: LossOptions = keras, extra: { epochs?: EpochPointView[]; line?: boolean; file?: boolean } = {}): PanelView {
  const result = computeLoss(input, o);
  // A file keeps no per-sample losses, only the k worst, whatever its size.
  const samples = !extra.file && isSmallInput(result.n, result.labels) ? sampleLosses(input, resolvedOf(result)) : undefined;
  if (extra.line) result.stats.worst.forEach((w) => (w.source = w.index + 2));
  const first = input.yPred[0];
  return JSON.parse(
    JSON.stringify(
      buildPanelView({
        source: { kind: 'selection', title: 'model.py', detail: 'lines 1–2' },
        options: toPanelOptions(o),
        result,
        comparison: runComparison(o, result, input.sampleWeight !== undefined, (x) => {
          try {
            return computeLoss(input, x);
          } catch (e) {
            return e as Error;
          }
        }),
        ...(samples ? { samples } : {}),
        // As the selection session does: the diagnosis of arrays in memory.
        ...(!extra.file ? { diagnosis: diagnose(input, o, result) } : {}),
        hasWeights: input.sampleWeight !== undefined,
        twoColumns: result.labels === 1 && Array.isArray(first) && first.length === 2,
        revealable: true,
        ...(extra.epochs ? { epochs: extra.epochs } : {}),
        elapsedMs: 3,
        canRecompute: true,
      }),
    ),
  );
}

export function bigInput(n: number): LossInput {
  let seed = 7;
  const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
  const yTrue: number[] = [];
  const yPred: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = rnd() < 0.5 ? 1 : 0;
    yTrue.push(y);
    yPred.push(Math.min(1, Math.max(0, y ? 0.3 + rnd() * 0.7 : rnd() * 0.7)));
  }
  return { yTrue, yPred };
}

import { KernelMode } from '../wasm/kernelModes';
import { numpyArrays, pyNumber, pythonScript, type SnippetRequest } from '../snippets/python';
import { elementMean } from './traits';
import type { ElementLoss, ElementOptions, Framework, ProbabilityTerms } from './framework';

const f = Math.fround;

/** PyTorch BCELoss clamps each log at −100 (aten/src/ATen/native/Loss.cpp, binary_cross_entropy_out_cpu). */
export const TORCH_LOG_CLAMP = -100;

/** BCELoss: −[y·max(log p, −100) + (1−y)·max(log(1−p), −100)], as (y − 1)·log(1 − p) − y·log p; p is not clipped. */
function probabilities(o: ElementOptions): ElementLoss {
  if (o.dtype === 'float32') {
    return (y, p) => {
      y = f(y);
      p = f(p);
      const logP = Math.max(f(Math.log(p)), TORCH_LOG_CLAMP);
      const log1mP = Math.max(f(Math.log(f(1 - p))), TORCH_LOG_CLAMP);
      return f(f(f(y - 1) * log1mP) - f(y * logP));
    };
  }
  return (y, p) => {
    const logP = Math.max(Math.log(p), TORCH_LOG_CLAMP);
    const log1mP = Math.max(Math.log(1 - p), TORCH_LOG_CLAMP);
    return (y - 1) * log1mP - y * logP;
  };
}

/**
 * BCEWithLogitsLoss as torch 1.13–2.x computes it (aten/src/ATen/native/Loss.cpp,
 * binary_cross_entropy_with_logits), with m = max(−x, 0):
 * without pos_weight (1−y)·x + m + log(e^−m + e^(−x−m));
 * with it (1−y)·x + lw·(log(e^−m + e^(−x−m)) + m), lw = (pw − 1)·y + 1, each step in the dtype.
 */
function logits(o: ElementOptions): ElementLoss {
  if (o.dtype === 'float32') {
    return (y, x, pw) => {
      y = f(y);
      x = f(x);
      const m = x < 0 ? -x : 0;
      const linear = f(f(1 - y) * x);
      const logSum = f(Math.log(f(f(Math.exp(-m)) + f(Math.exp(f(-x - m))))));
      if (pw === 1) return f(f(linear + m) + logSum);
      const logWeight = f(f(f(f(pw) - 1) * y) + 1);
      return f(linear + f(logWeight * f(logSum + m)));
    };
  }
  return (y, x, pw) => {
    const m = x < 0 ? -x : 0;
    const logSum = Math.log(Math.exp(-m) + Math.exp(-x - m));
    if (pw === 1) return (1 - y) * x + m + logSum;
    return (1 - y) * x + ((pw - 1) * y + 1) * (logSum + m);
  };
}

function terms(o: ElementOptions, p: number): ProbabilityTerms {
  const r = o.dtype === 'float32' ? Math.fround : (x: number) => x;
  const v = r(p);
  const rawP = r(Math.log(v));
  const raw1mP = r(Math.log(r(1 - v)));
  const logP = Math.max(rawP, TORCH_LOG_CLAMP);
  const log1mP = Math.max(raw1mP, TORCH_LOG_CLAMP);
  const clamped = logP !== rawP || log1mP !== raw1mP;
  return { yhat: v, logP, log1mP, ...(clamped ? { logHow: 'clamp' as const } : {}) };
}

function snippet(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: true, numericLabels: true });
  const t = (name: string) => `torch.from_numpy(${name})`;
  const args = [t('y_pred'), t('y_true')];
  if (arrays.weighted) args.push(`weight=${t('sample_weight')}.reshape(-1, 1)`);
  if (o.fromLogits && o.posWeight) args.push(`pos_weight=torch.tensor([${o.posWeight.map(pyNumber).join(', ')}], dtype=torch.${o.dtype})`);
  args.push(`reduction="${o.reduction}"`);
  const fn = o.fromLogits ? 'binary_cross_entropy_with_logits' : 'binary_cross_entropy';
  const lines = pythonScript(req.data, ['import numpy as np', 'import torch'], arrays.lines, []);
  if (arrays.weighted) lines.push('# BCE Lens reads sample_weight as a per-sample weight: broadcast it over the labels.');
  lines.push(`loss = torch.nn.functional.${fn}(`, ...args.map((a) => `    ${a},`), ')');
  lines.push(o.reduction === 'none' ? 'print(loss.numpy())' : 'print(loss.item())');
  return lines;
}

export const torch = {
  id: 'torch',
  title: 'PyTorch',
  source: 'PyTorch 1.13–2.x: aten/src/ATen/native/Loss.cpp (binary_cross_entropy, binary_cross_entropy_with_logits)',
  settingDescription: 'PyTorch: BCELoss (each log clamped at −100) or BCEWithLogitsLoss; mean over elements; pos_weight.',
  refuses: {},
  labelSmoothing: false,
  posWeight: true,
  classLabels: false,
  classNames: false,
  ...elementMean,
  kernel: KernelMode.TorchClamp,
  elementLoss: (o) => (o.fromLogits ? logits(o) : probabilities(o)),
  probabilityGuard: () => ({
    kind: 'clamp',
    threshold: Math.exp(TORCH_LOG_CLAMP),
    description: 'clamps each log at −100 (ŷ is not clipped)',
    short: 'log clamp at −100',
  }),
  probabilityTerms: (o, _y, p) => terms(o, p),
  snippet,
  snippetLibrary: 'torch',
} as const satisfies Framework;

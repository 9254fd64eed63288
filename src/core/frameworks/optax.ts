import { numpyArrays, pythonScript, type SnippetRequest } from '../snippets/python';
import { elementMean, logitsOnly } from './traits';
import type { ElementLoss, Framework } from './framework';

const f = Math.fround;

/**
 * optax.sigmoid_binary_cross_entropy (optax/losses/_classification.py):
 * −y·log_sigmoid(x) − (1 − y)·log_sigmoid(−x), with jax.nn.log_sigmoid(x) = −softplus(−x) and
 * softplus(t) = logaddexp(t, 0) = max(t, 0) + log1p(e^−|t|); float32 unless JAX's x64 is on.
 */
const elementLoss: Framework['elementLoss'] = (o) => {
  if (o.dtype === 'float32') {
    return (y, x) => {
      y = f(y);
      x = f(x);
      const tail = f(Math.log1p(f(Math.exp(-Math.abs(x)))));
      const softplusNeg = f((x < 0 ? -x : 0) + tail);
      const softplusPos = f((x > 0 ? x : 0) + tail);
      return f(f(y * softplusNeg) + f(f(1 - y) * softplusPos));
    };
  }
  const loss: ElementLoss = (y, x) => {
    const tail = Math.log1p(Math.exp(-Math.abs(x)));
    return y * ((x < 0 ? -x : 0) + tail) + (1 - y) * ((x > 0 ? x : 0) + tail);
  };
  return loss;
};

function snippet(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: true, numericLabels: true });
  const reduce = o.reduction === 'none' ? '' : o.reduction === 'sum' ? '.sum()' : '.mean()';
  const x64 = o.dtype === 'float64' ? ['import jax', 'jax.config.update("jax_enable_x64", True)'] : [];
  return pythonScript(req.data, [...x64, 'import numpy as np', 'import jax.numpy as jnp', 'import optax'], arrays.lines, [
    `loss = optax.sigmoid_binary_cross_entropy(jnp.asarray(y_pred), jnp.asarray(y_true))${reduce}`,
    'print(np.asarray(loss))',
  ]);
}

export const optax = {
  id: 'optax',
  title: 'optax',
  source: 'optax 0.1–0.2: optax/losses/_classification.py sigmoid_binary_cross_entropy (elementwise; the user takes the mean)',
  settingDescription: 'optax.sigmoid_binary_cross_entropy (JAX): logits only, elementwise, then the mean over all elements.',
  refuses: {
    probabilities: 'optax.sigmoid_binary_cross_entropy takes logits, not probabilities (from_logits true, if these are logits)',
    sampleWeights: 'optax.sigmoid_binary_cross_entropy takes no sample weights (multiply the elementwise loss yourself)',
  },
  ...logitsOnly,
  ...elementMean,
  elementLoss,
  snippet,
  snippetLibrary: 'optax',
} as const satisfies Framework;

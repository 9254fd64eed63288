import { KernelMode } from '../wasm/kernelModes';
import { numpyArrays, pythonScript, type SnippetRequest } from '../snippets/python';
import type { Framework } from './framework';
import { kerasLoss } from './traits';
import { KERAS_EPSILON, kerasLossObject, kerasProbabilities, kerasTerms, stableLogits } from './keras3';

function snippet(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: true, numericLabels: true });
  const reduction = { sum_over_batch_size: 'SUM_OVER_BATCH_SIZE', mean: 'SUM_OVER_BATCH_SIZE', sum: 'SUM', none: 'NONE', mean_with_sample_weight: 'SUM_OVER_BATCH_SIZE' }[o.reduction];
  const tfDtype = o.dtype === 'float64' ? 'tf.float64' : 'tf.float32';
  const imports = ['import numpy as np', 'import tensorflow as tf', 'import tf_keras as keras  # Keras 2 (pip install tf_keras); before TensorFlow 2.16: from tensorflow import keras'];
  return pythonScript(req.data, imports, arrays.lines, [
    ...kerasLossObject(o, `keras.losses.Reduction.${reduction}`),
    `loss = bce(tf.constant(y_true, ${tfDtype}), tf.constant(y_pred, ${tfDtype})${arrays.weighted ? `, sample_weight=tf.constant(sample_weight, ${tfDtype})` : ''})`,
    'print(loss.numpy())',
  ]);
}

/** tf.keras 2 (tf-keras keras/backend.py binary_crossentropy): Keras 3's clip, and ε added again inside both logs. */
export const tfKeras2 = {
  id: 'tf-keras2',
  title: 'tf.keras 2',
  source: 'tf.keras 2.x / tf_keras: keras/backend.py binary_crossentropy (`bce = target * tf.math.log(output + epsilon())`)',
  settingDescription: 'tf.keras 2: as Keras 3, plus 1e-7 inside both logs.',
  ...kerasLoss,
  reductions: ['sum_over_batch_size', 'sum', 'none'],
  ownStep: { has: 'eps inside the log: tf.keras 2 computes log(ŷ + 1e-7) and log(1 − ŷ + 1e-7)', lacks: 'no eps inside the log (tf.keras 2 adds 1e-7 there)' },
  kernel: KernelMode.ClipEpsInLog,
  elementLoss: (o) => (o.fromLogits ? stableLogits(o) : kerasProbabilities(o, KERAS_EPSILON)),
  probabilityGuard: () => ({
    kind: 'clip',
    threshold: KERAS_EPSILON,
    description: 'clips ŷ to [1e-7, 1 − 1e-7] and adds 1e-7 inside each log',
    short: 'clip at 1e-7',
  }),
  probabilityTerms: (o, _y, p) => kerasTerms(o, p, true),
  snippet,
  snippetLibrary: 'tf_keras',
} as const satisfies Framework;

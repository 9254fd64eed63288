import { numpyArrays, pythonScript, type SnippetRequest } from '../snippets/python';
import { elementMean, logitsOnly } from './traits';
import type { Framework } from './framework';
import { stableLogits } from './keras3';

function snippet(req: SnippetRequest): string[] {
  const o = req.options;
  const arrays = numpyArrays(req.data, o.dtype, { columns2d: true, numericLabels: true });
  const reduce = o.reduction === 'none' ? (x: string) => x : o.reduction === 'sum' ? (x: string) => `tf.reduce_sum(${x})` : (x: string) => `tf.reduce_mean(${x})`;
  const tfDtype = o.dtype === 'float64' ? 'tf.float64' : 'tf.float32';
  return pythonScript(req.data, ['import numpy as np', 'import tensorflow as tf'], arrays.lines, [
    `loss = ${reduce(`tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant(y_true, ${tfDtype}), logits=tf.constant(y_pred, ${tfDtype}))`)}`,
    'print(loss.numpy())',
  ]);
}

/** tf.nn.sigmoid_cross_entropy_with_logits (tensorflow/python/ops/nn_impl.py), then tf.reduce_mean over every element. */
export const tfNn = {
  id: 'tf-nn',
  title: 'tf.nn sigmoid_cross_entropy_with_logits',
  source: 'TensorFlow 2.x: tensorflow/python/ops/nn_impl.py sigmoid_cross_entropy_with_logits (max(x, 0) − x·z + log1p(e^−|x|)), then tf.reduce_mean',
  settingDescription: 'tf.nn.sigmoid_cross_entropy_with_logits with tf.reduce_mean: logits only, mean over all elements.',
  refuses: {
    probabilities: 'tf.nn.sigmoid_cross_entropy_with_logits takes logits, not probabilities (from_logits true, if these are logits)',
    sampleWeights: 'tf.nn.sigmoid_cross_entropy_with_logits takes no sample weights (multiply before tf.reduce_mean yourself)',
  },
  ...logitsOnly,
  ...elementMean,
  elementLoss: (o) => stableLogits({ ...o, labelSmoothing: 0 }),
  snippet,
  snippetLibrary: 'tensorflow',
} as const satisfies Framework;

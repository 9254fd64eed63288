import * as assert from 'node:assert/strict';
import { pyList, pyNumber, pythonSnippet, type ResolvedOptions } from '../../src/core';

const o = (over: Partial<ResolvedOptions> = {}): ResolvedOptions => ({ semantics: 'keras', fromLogits: false, labelSmoothing: 0, reduction: 'sum_over_batch_size', dtype: 'float64', ...over });

describe('host: Python snippets', () => {
  it('numbers round-trip as Python literals', () => {
    assert.equal(pyNumber(0.1), '0.1');
    assert.equal(pyNumber(1e-7), '1e-7');
    assert.equal(pyNumber(-0), '-0.0');
    assert.equal(pyNumber(Infinity), 'float("inf")');
    assert.equal(pyList([true, false], true), '[1, 0]');
    assert.equal(pyList([true, 'spam'], false), '[True, "spam"]');
    assert.equal(pyList([[0, 1], [1, 0]], true), '[[0, 1], [1, 0]]');
    const long = pyList(Array.from({ length: 100 }, (_, i) => i / 7), true);
    assert.ok(long.split('\n').every((line) => line.length <= 100), 'long lists wrap');
  });

  it('Keras 3 with the user arrays, 1-D reshaped to (n, 1) as BCE Lens reads it', () => {
    const s = pythonSnippet({
      
      options: o({ labelSmoothing: 0.1, reduction: 'sum' }),
      data: { kind: 'arrays', input: { yTrue: [0, 1, 1], yPred: [0.2, 0.7, 0.9], sampleWeight: [1, 2, 1] } },
      expected: '1.23',
      description: 'Keras 3 · probabilities',
    });
    assert.match(s, /^# BCE Lens: Keras 3 · probabilities → 1\.23/);
    assert.match(s, /import keras/);
    assert.match(s, /y_true = np\.array\(\[0, 1, 1\], dtype="float64"\)\.reshape\(-1, 1\)/);
    assert.match(s, /y_pred = np\.array\(\[0\.2, 0\.7, 0\.9\], dtype="float64"\)\.reshape\(-1, 1\)/);
    assert.match(s, /label_smoothing=0\.1,/);
    assert.match(s, /reduction="sum",/);
    assert.match(s, /dtype="float64"/);
    assert.match(s, /bce\(y_true, y_pred, sample_weight=sample_weight\)/);
  });

  it('a Float64Array input (a run of numbers from the selection parser) prints as the plain arrays do', () => {
    const snippet = (input: Parameters<typeof pythonSnippet>[0]['data']) =>
      pythonSnippet({ options: o({ reduction: 'sum' }), data: input, expected: '1.23', description: 'Keras 3 · probabilities' });
    const plain = snippet({ kind: 'arrays', input: { yTrue: [0, 1, 1], yPred: [0.2, 0.7, 0.9], sampleWeight: [1, 2, 1] } });
    const typed = snippet({ kind: 'arrays', input: { yTrue: new Float64Array([0, 1, 1]), yPred: new Float64Array([0.2, 0.7, 0.9]), sampleWeight: new Float64Array([1, 2, 1]) } });
    assert.equal(typed, plain);
    assert.match(typed, /y_pred = np\.array\(\[0\.2, 0\.7, 0\.9\]/);
  });

  it('tf.keras 2 through tf_keras, with its Reduction enum', () => {
    const s = pythonSnippet({ options: o({ semantics: 'tf-keras2', reduction: 'none' }), data: { kind: 'arrays', input: { yTrue: [[0, 1]], yPred: [[0.6, 0.4]] } } });
    assert.match(s, /import tf_keras as keras/);
    assert.match(s, /Reduction\.NONE/);
    assert.doesNotMatch(s, /reshape\(-1, 1\)/, '2-D input keeps its shape');
  });

  it('PyTorch: the functional loss, weights broadcast per sample, pos_weight for logits', () => {
    const s = pythonSnippet({
      
      options: o({ semantics: 'torch', fromLogits: true, reduction: 'mean', dtype: 'float32', posWeight: [3] }),
      data: { kind: 'arrays', input: { yTrue: [0, 1], yPred: [-2, 3], sampleWeight: [1, 0.5] } },
    });
    assert.match(s, /binary_cross_entropy_with_logits\(/);
    assert.match(s, /weight=torch\.from_numpy\(sample_weight\)\.reshape\(-1, 1\)/);
    assert.match(s, /pos_weight=torch\.tensor\(\[3\], dtype=torch\.float32\)/);
    assert.match(s, /reduction="mean"/);
    assert.match(s, /print\(loss\.item\(\)\)/);
    const p = pythonSnippet({ options: o({ semantics: 'torch', reduction: 'none' }), data: { kind: 'arrays', input: { yTrue: [0, 1], yPred: [0.1, 0.9] } } });
    assert.match(p, /functional\.binary_cross_entropy\(/);
    assert.match(p, /print\(loss\.numpy\(\)\)/);
  });

  it('scikit-learn: class labels kept as written, sum as normalize=False', () => {
    const s = pythonSnippet({ options: o({ semantics: 'sklearn', reduction: 'sum' }), data: { kind: 'arrays', input: { yTrue: ['spam', 'ham'], yPred: [[0.1, 0.9], [0.9, 0.1]] } } });
    assert.match(s, /from sklearn\.metrics import log_loss/);
    assert.match(s, /y_true = np\.array\(\["spam", "ham"\]\)/);
    assert.match(s, /y_pred = np\.array\(\[\[0\.1, 0\.9\], \[0\.9, 0\.1\]\], dtype="float64"\)/);
    assert.match(s, /normalize=False/);
  });

  it('every framework with a snippet names its library, and the gradient-boosting ones evaluate given margins', () => {
    const input = { yTrue: [0, 1, 1], yPred: [0.2, 0.7, 0.9], sampleWeight: [1, 2, 1] };
    const probabilities = (semantics: ResolvedOptions['semantics'], over: Partial<ResolvedOptions> = {}) =>
      pythonSnippet({ options: o({ semantics, reduction: 'mean', ...over }), data: { kind: 'arrays', input } });
    const xgb = probabilities('xgboost');
    assert.match(xgb, /xgb\.DMatrix\(.*weight=sample_weight, base_margin=np\.log\(y_pred\) - np\.log1p\(-y_pred\)\)/);
    assert.match(xgb, /num_boost_round=0/);
    const lgbm = probabilities('lightgbm');
    assert.match(lgbm, /lgb\.Dataset\(.*init_score=np\.log\(np\.ravel\(y_pred\)\) - np\.log1p\(-np\.ravel\(y_pred\)\)/);
    assert.match(lgbm, /"metric": "binary_logloss"/);
    const spark = probabilities('spark');
    assert.match(spark, /MulticlassClassificationEvaluator\(metricName="logLoss", weightCol="weight"\)/);
    assert.match(spark, /Vectors\.dense\(\[1 - q, q\]\)/);
    const optax = probabilities('optax', { fromLogits: true });
    assert.match(optax, /optax\.sigmoid_binary_cross_entropy\(jnp\.asarray\(y_pred\), jnp\.asarray\(y_true\)\)\.mean\(\)/);
    assert.match(optax, /jax_enable_x64/);
    const tfnn = probabilities('tf-nn', { fromLogits: true, dtype: 'float32' });
    assert.match(tfnn, /tf\.reduce_mean\(tf\.nn\.sigmoid_cross_entropy_with_logits\(labels=tf\.constant\(y_true, tf\.float32\)/);
    assert.match(probabilities('sklearn-1.1'), /from sklearn\.metrics import log_loss/);
  });

  it('files: pandas by column name, tab separator for TSV, skipped rows said', () => {
    const s = pythonSnippet({
      
      options: o(),
      data: { kind: 'file', path: '/data/preds.tsv', format: 'tsv', columns: { yTrue: ['label'], yPred: ['p0', 'p1'], weight: 'w' }, skippedRows: 3 },
    });
    assert.match(s, /import pandas as pd/);
    assert.match(s, /pd\.read_csv\("\/data\/preds\.tsv", sep="\\t"\)/);
    assert.match(s, /df\["label"\]\.tolist\(\)/);
    assert.match(s, /df\[\["p0", "p1"\]\]\.to_numpy\(dtype="float64"\)/);
    assert.match(s, /skipped 3 invalid row/);
    assert.match(s, /sample_weight = /);
    const npz = pythonSnippet({ options: o({ semantics: 'sklearn', reduction: 'mean' }), data: { kind: 'file', path: 'a.npz', format: 'npz', columns: { yTrue: ['y'], yPred: ['p'] } } });
    assert.match(npz, /np\.load\("a\.npz"\)/);
    assert.match(npz, /np\.ravel\(y_true\)/);
  });

  it('large inputs: placeholders with the shape', () => {
    const s = pythonSnippet({ options: o(), data: { kind: 'placeholder', n: 100000, labels: 3, weighted: true } });
    assert.match(s, /too many to paste/);
    assert.match(s, /shape \(100000, 3\)/);
    assert.match(s, /sample_weight = np\.load/);
  });
});

describe('host: Python snippets for headerless files', () => {
  it('turns 1-based CSV column numbers into numpy indices', () => {
    const s = pythonSnippet({ options: o({ semantics: 'torch', reduction: 'mean' }), data: { kind: 'file', path: 'p.csv', format: 'csv', columns: { yTrue: ['1'], yPred: ['2', '3'] } } });
    assert.match(s, /pd\.read_csv\("p\.csv", header=None\)\.to_numpy\(\)/);
    assert.match(s, /table\[:, 0\]/);
    assert.match(s, /table\[:, \[1, 2\]\]/);
  });
});

import * as assert from 'node:assert/strict';
import { computeLoss, type LossOptions } from '../../../src/core';
import { InputError } from '../../../src/inputs/inputError';
import { parseSelection, type ParsedSelection, type SelectionText, type SourceRange } from '../../../src/inputs/text/parseSelection';

const keras: LossOptions = { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' };

/** Parses one text that starts at the top of its document. */
function parse(text: string | readonly SelectionText[], source?: string): ParsedSelection {
  return parseSelection(typeof text === 'string' ? [{ text, line: 0, column: 0 }] : text, source);
}

/** The 0-based place of the n-th occurrence of needle in text. */
function find(text: string, needle: string, n = 0): { line: number; column: number } {
  let offset = -1;
  for (let k = 0; k <= n; k++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" #${n} not in the text`);
  }
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, column: before[before.length - 1].length };
}

function rangeOf(text: string, needle: string, n = 0): SourceRange {
  return { ...find(text, needle, n), length: needle.length };
}

/** The text a range covers in a document. */
function covered(document: string, r: SourceRange): string {
  return document.split('\n')[r.line].substr(r.column, r.length);
}

/** Expects an InputError at a 1-based place whose detail matches. */
function fails(text: string | readonly SelectionText[], detail: RegExp, line: number, column: number, source = 'selection'): InputError {
  let error: unknown;
  try {
    parse(text);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
  assert.match(error.detail, detail);
  assert.deepEqual(error.place, { source, line, column }, error.message);
  return error;
}

describe('parseSelection: forms', () => {
  it('the Keras docstring example (logits): values, the range of 0.51, and the loss 0.8655', () => {
    const text = 'y_true = [0, 1, 0, 0]\ny_pred = [-18.6, 0.51, 2.94, -12.8]';
    const r = parse(text);
    assert.deepEqual(r.yTrue, [0, 1, 0, 0]);
    assert.deepEqual(r.yPred, [-18.6, 0.51, 2.94, -12.8]);
    assert.equal(r.sampleWeight, undefined);
    assert.equal(r.fromLogits, undefined);
    assert.deepEqual(r.names, { yTrue: 'y_true', yPred: 'y_pred' });
    assert.deepEqual(r.ranges.yPred[1], [{ line: 1, column: 17, length: 4 }]);
    assert.deepEqual(r.ranges.yPred[0], [rangeOf(text, '-18.6')]);
    assert.deepEqual(r.ranges.yTrue[3], [rangeOf(text, '0', 2)]);
    const loss = computeLoss(r, { ...keras, fromLogits: r.fromLogits ?? 'auto' }).loss as number;
    assert.equal(Number(loss.toFixed(4)), 0.8655);
  });

  it('the Keras multi-label example with np.array and dtype: 2-D values and ranges, loss 0.8149', () => {
    const text = 'y_true = np.array([[0, 1], [0, 0]])\ny_pred = np.array([[0.6, 0.4], [0.4, 0.6]], dtype=np.float32)';
    const r = parse(text);
    assert.deepEqual(r.yTrue, [[0, 1], [0, 0]]);
    assert.deepEqual(r.yPred, [[0.6, 0.4], [0.4, 0.6]]);
    assert.deepEqual(r.ranges.yPred[1][1], rangeOf(text, '0.6', 1));
    assert.deepEqual(r.ranges.yTrue[0][1], rangeOf(text, '1'));
    const loss = computeLoss(r, { ...keras, fromLogits: r.fromLogits ?? 'auto' }).loss as number;
    assert.equal(Number(loss.toFixed(4)), 0.8149);
  });

  it('a JSON object with y_true, y_pred and sample_weight', () => {
    const text = '{\n  "y_true": [0, 1],\n  "y_pred": [0.2, 0.9],\n  "sample_weight": [1, 2.5]\n}';
    const r = parse(text);
    assert.deepEqual([r.yTrue, r.yPred, r.sampleWeight], [[0, 1], [0.2, 0.9], [1, 2.5]]);
    assert.deepEqual(r.names, { yTrue: 'y_true', yPred: 'y_pred', sampleWeight: 'sample_weight' });
    assert.deepEqual(r.ranges.sampleWeight, [rangeOf(text, '1', 1), rangeOf(text, '2.5')]);
  });

  it('JSON "logits" means from_logits', () => {
    const r = parse('{"y_true": [0, 1], "logits": [-1.5, 2]}');
    assert.equal(r.fromLogits, true);
    assert.deepEqual(r.names, { yTrue: 'y_true', yPred: 'logits' });
  });

  it('two bare JSON arrays: first labels, second predictions', () => {
    const r = parse('[0, 1, 1]\n[0.1, 0.7, 0.8]');
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1, 1], [0.1, 0.7, 0.8]]);
    assert.deepEqual(r.names, {});
  });

  it('Python tuples, and a one-element tuple', () => {
    const r = parse('y_true = (0, 1)\ny_pred = (0.25, 0.75,)\nw = (2,)'.replace('(2,)', '(2, 3)'));
    assert.deepEqual([r.yTrue, r.yPred, r.sampleWeight], [[0, 1], [0.25, 0.75], [2, 3]]);
    assert.deepEqual(parse('labels = (1,)\npreds = (0.5,)').yPred, [0.5]);
  });

  it('np.array, numpy.array, torch.tensor, tf.constant, jnp.array, np.asarray with keyword arguments', () => {
    const forms = [
      ['np.array([0, 1])', 'np.array([0.2, 0.9], dtype=np.float32)'],
      ['numpy.array([0, 1], dtype="float64")', 'numpy.array([0.2, 0.9])'],
      ['torch.tensor([0., 1.])', 'torch.tensor([0.2, 0.9], requires_grad=True, device="cpu")'],
      ['tf.constant([0, 1], dtype=tf.float32)', 'tf.constant([[0.2], [0.9]])'],
      ['jnp.array([0, 1])', 'jnp.asarray([0.2, 0.9])'],
      ['np.asarray([0, 1], dtype=np.float32)', 'torch.as_tensor(data=[0.2, 0.9])'],
    ];
    for (const [a, b] of forms) {
      const r = parse(`y_true = ${a}\ny_pred = ${b}`);
      assert.deepEqual(r.yTrue, [0, 1], a);
      assert.deepEqual(Array.from(r.yPred).flat(), [0.2, 0.9], b);
    }
  });

  it('JavaScript/TypeScript const, let, var with type annotations', () => {
    const text = 'const yTrue: number[] = [0, 1];\nlet yPred: Array<number> = [0.3, 0.6];\nvar sampleWeight = [1, 1];';
    const r = parse(text);
    assert.deepEqual([r.yTrue, r.yPred, r.sampleWeight], [[0, 1], [0.3, 0.6], [1, 1]]);
    assert.deepEqual(r.names, { yTrue: 'yTrue', yPred: 'yPred', sampleWeight: 'sampleWeight' });
    assert.deepEqual(r.ranges.yPred[1], [rangeOf(text, '0.6')]);
  });

  it('Python assignments with annotations: y_true: list[float] = […]', () => {
    const r = parse('y_true: list[float] = [0, 1]\ny_pred: np.ndarray = np.array([0.4, 0.6])');
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1], [0.4, 0.6]]);
  });

  it('nested lists: batch × labels', () => {
    const text = 'labels = [[0, 1, 1],\n          [1, 0, 0]]\nprobs = [[0.1, 0.8, 0.7], [0.9, 0.2, 0.4]]';
    const r = parse(text);
    assert.deepEqual(r.yTrue, [[0, 1, 1], [1, 0, 0]]);
    assert.deepEqual(r.yPred, [[0.1, 0.8, 0.7], [0.9, 0.2, 0.4]]);
    assert.deepEqual(r.ranges.yTrue[1][0], rangeOf(text, '1', 2));
    assert.deepEqual(r.ranges.yTrue[1][0], { line: 1, column: 11, length: 1 });
  });

  it('True/False/true/false: labels keep booleans, predictions become 1/0', () => {
    const r = parse('y_true = [True, False, true, false]\ny_pred = [True, 0.5, false, 0]');
    assert.deepEqual(r.yTrue, [true, false, true, false]);
    assert.deepEqual(r.yPred, [1, 0.5, 0, 0]);
  });

  it('nan, NaN, inf, -inf, np.nan, float("nan"), float(\'inf\'), math.inf are kept as numbers, with their ranges', () => {
    const text = "y_true = [0, 1, 0, 1, 0, 1, 0, 1, 1]\ny_pred = [nan, NaN, inf, -inf, np.nan, float('nan'), float(\"inf\"), math.inf, Infinity]";
    const r = parse(text);
    const expected = [NaN, NaN, Infinity, -Infinity, NaN, NaN, Infinity, Infinity, Infinity];
    assert.equal(r.yPred.length, expected.length);
    r.yPred.forEach((p, i) => assert.ok(Object.is(p, expected[i]), `y_pred[${i}] = ${String(p)}`));
    assert.deepEqual(r.ranges.yPred[3], [rangeOf(text, '-inf')]);
    assert.deepEqual(r.ranges.yPred[5], [rangeOf(text, "float('nan')")]);
    assert.deepEqual(r.ranges.yPred[4], [rangeOf(text, 'np.nan')]);
  });

  it('numbers such as 1., .5, 1e-3, -2.5E+1, +3 (the sign belongs to the range)', () => {
    const text = 'a = [1., .5, 1e-3, -2.5E+1, +3, 0x10, 1_000]\nb = [0, 0, 0, 0, 0, 0, 0]';
    const r = parse(text);
    assert.deepEqual(r.yTrue, [1, 0.5, 0.001, -25, 3, 16, 1000]);
    assert.deepEqual(r.ranges.yTrue[3], [rangeOf(text, '-2.5E+1')]);
    assert.deepEqual(r.ranges.yTrue[4], [rangeOf(text, '+3')]);
  });

  it('comments (#, //, /* */), trailing commas and line breaks anywhere', () => {
    const text = [
      'y_true = [  # the labels',
      '  0,',
      '  1, // one',
      '  /* a [block] comment, ] */ 1,',
      ']',
      'y_pred = [0.2,',
      '0.7',
      ',',
      '0.9,]  # done',
    ].join('\n');
    const r = parse(text);
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1, 1], [0.2, 0.7, 0.9]]);
    assert.deepEqual(r.ranges.yTrue[2], [{ line: 3, column: 29, length: 1 }]);
  });

  it('NumPy and PyTorch printed output, without commas', () => {
    const text = 'array([[0., 1.],\n       [1., 0.]])\ntensor([[0.1000 0.9000]\n [0.8000 0.3000]])';
    const r = parse(text);
    assert.deepEqual(r.yTrue, [[0, 1], [1, 0]]);
    assert.deepEqual(r.yPred, [[0.1, 0.9], [0.8, 0.3]]);
  });

  it('printed tf.Tensor values (the shape tuples are not arrays)', () => {
    const text = '<tf.Tensor: shape=(2,), dtype=float32, numpy=array([0., 1.], dtype=float32)>\n<tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.2, 0.9], dtype=float32)>';
    const r = parse(text);
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1], [0.2, 0.9]]);
  });

  it('a Python doctest with >>> and ... prompts', () => {
    const text = '>>> y_true = [[0, 1], [0, 0]]\n>>> y_pred = [[0.6, 0.4],\n...           [0.4, 0.6]]\n>>> bce(y_true, y_pred)\n0.815';
    const r = parse(text);
    assert.deepEqual([r.yTrue, r.yPred], [[[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]]);
    assert.deepEqual(r.ranges.yPred[1][1], rangeOf(text, '0.6', 1));
  });

  it('a whole script: the named arrays are found among the rest of the code', () => {
    const text = [
      'import numpy as np',
      'from keras import losses',
      '',
      'x = np.random.rand(4, 3)  # features',
      'y_true = np.array([0, 1, 0, 1])',
      'y_pred = model.predict(x)[:, 0]',
      'y_pred = np.array([0.1, 0.8, 0.3, 0.6])',
      'print(losses.binary_crossentropy(y_true, y_pred), [1, 2, 3])',
      'def f(a, b=[1, 2]):',
      '    return a[0] + b[1]',
    ].join('\n');
    const r = parse(text);
    assert.deepEqual([r.yTrue, r.yPred, r.sampleWeight], [[0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6], undefined]);
  });

  it('a whole Markdown document: fenced code blocks are code, not a template string', () => {
    const text = '# Report — fold 3 ✓\n\nThe `loss` differs (≈ 0.41).\n\n```python\ny_true = [0, 1, 1]\n```\n\n  ```py\ny_pred = [0.2, 0.9, 0.7]\n```\n\nDone, see `y_pred`.\n';
    const r = parse(text);
    assert.deepEqual(r.yTrue, [0, 1, 1]);
    assert.deepEqual(r.yPred, [0.2, 0.9, 0.7]);
    assert.deepEqual(r.ranges.yPred[1], [rangeOf(text, '0.9')]);
    // A template string in code stays one: `[1, 2]` is no array.
    assert.throws(() => parse('const s = `[1, 2]`;'), InputError);
  });

  it('label names decide the role, case-insensitively, also after self. and this.', () => {
    const labels = ['y_true', 'y', 'labels', 'label', 'target', 'targets', 'actual', 'actuals', 'truth', 'gt', 'yTrue', 'y_test', 'y_val', 'Y_TRUE', 'self.y_true', 'this.labels', 'train_labels'];
    for (const name of labels) {
      const r = parse(`preds = [0.2, 0.8]\n${name} = [0, 1]`);
      assert.deepEqual([r.yTrue, r.yPred], [[0, 1], [0.2, 0.8]], name);
      assert.equal(r.names.yTrue, name);
    }
  });

  it('prediction names decide the role', () => {
    const preds = ['y_pred', 'y_hat', 'yhat', 'preds', 'pred', 'predictions', 'probs', 'probabilities', 'output', 'outputs', 'scores', 'yPred', 'y_prob', 'y_score', 'Y_Pred', 'self.preds', 'val_probs'];
    for (const name of preds) {
      const r = parse(`${name} = [0.2, 0.8]\ny_true = [0, 1]`);
      assert.deepEqual([r.yTrue, r.yPred], [[0, 1], [0.2, 0.8]], name);
      assert.equal(r.names.yPred, name);
      assert.equal(r.fromLogits, undefined);
    }
  });

  it('logits (also y_logits, self.logits) means from_logits', () => {
    for (const name of ['logits', 'LOGITS', 'y_logits', 'self.logits']) {
      const r = parse(`${name} = [-2, 3]\ny = [0, 1]`);
      assert.deepEqual(r.yPred, [-2, 3], name);
      assert.equal(r.fromLogits, true, name);
    }
  });

  it('weight names decide the role', () => {
    for (const name of ['sample_weight', 'sample_weights', 'weights', 'weight', 'w', 'sampleWeight']) {
      const r = parse(`${name} = [1, 2]\ny_pred = [0.2, 0.8]\ny_true = [0, 1]`);
      assert.deepEqual(r.sampleWeight, [1, 2], name);
      assert.equal(r.names.sampleWeight, name);
    }
  });

  it('without names: first labels, second predictions, third weights', () => {
    const r = parse('a = [0, 1]\nb = [0.3, 0.6]\nc = [1, 3]');
    assert.deepEqual([r.yTrue, r.yPred, r.sampleWeight], [[0, 1], [0.3, 0.6], [1, 3]]);
    assert.deepEqual(r.names, {});
  });

  it('named arrays win; other arrays (features) are left out', () => {
    const r = parse('x = [[1.5, 2.0], [0.3, 4.1]]\ny = [0, 1]\ny_pred = model(x)\nprobs = [0.2, 0.9]');
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1], [0.2, 0.9]]);
  });

  it('keyword arguments: loss(y_true=[…], y_pred=[…], sample_weight=[…])', () => {
    const r = parse('loss = bce(y_pred=[0.2, 0.8], y_true=[0, 1], sample_weight=[1, 2])');
    assert.deepEqual([r.yTrue, r.yPred, r.sampleWeight], [[0, 1], [0.2, 0.8], [1, 2]]);
  });

  it('positional arguments: bce([0, 1], [0.2, 0.8]) and Keras loss_fn(…, sample_weight=…)', () => {
    const r = parse('bce([0,1], [0.2, 0.8])');
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1], [0.2, 0.8]]);
    const k = parse('result = loss_fn([0, 1], [0.2, 0.8], sample_weight=[0.5, 2])');
    assert.deepEqual([k.yTrue, k.yPred, k.sampleWeight], [[0, 1], [0.2, 0.8], [0.5, 2]]);
  });

  it('tuple unpacking: y_true, y_pred = […], […]', () => {
    const r = parse('y_pred, y_true = np.array([0.2, 0.8]), np.array([0, 1])');
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1], [0.2, 0.8]]);
  });

  it('dictionary items: batch["labels"] = […]', () => {
    const r = parse('batch["labels"] = [0, 1]\nbatch["logits"] = [0.5, -1]');
    assert.deepEqual([r.yTrue, r.yPred, r.fromLogits], [[0, 1], [0.5, -1], true]);
  });

  it('two plain lines separated by spaces, commas or tabs', () => {
    for (const sep of [' ', ', ', '\t', ',']) {
      const text = `0${sep}1${sep}1\n0.2${sep}0.7${sep}0.51`;
      const r = parse(text);
      assert.deepEqual([r.yTrue, r.yPred], [[0, 1, 1], [0.2, 0.7, 0.51]], JSON.stringify(sep));
      assert.deepEqual(r.ranges.yPred[2], [rangeOf(text, '0.51')]);
    }
  });

  it('three plain lines: labels, predictions, weights; with nan and booleans', () => {
    const r = parse('True False 1\n0.2 nan -inf\n1 2 3\n');
    assert.deepEqual(r.yTrue, [true, false, 1]);
    assert.ok(Object.is(r.yPred[1], NaN) && r.yPred[2] === -Infinity);
    assert.deepEqual(r.sampleWeight, [1, 2, 3]);
  });

  it('named plain lines: y_pred: 0.2 0.8', () => {
    const r = parse('y_pred: 0.2 0.8\ny_true = 0 1');
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1], [0.2, 0.8]]);
  });

  it('CSV with a header: each row is one sample, columns by name', () => {
    const text = 'id,y_pred,y_true\n7,0.2,0\n8,0.9,1\n9,0.51,1\n';
    const r = parse(text);
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1, 1], [0.2, 0.9, 0.51]]);
    assert.deepEqual(r.ranges.yPred[2], [rangeOf(text, '0.51')]);
    assert.deepEqual(r.names, { yTrue: 'y_true', yPred: 'y_pred' });
  });

  it('TSV with a header: label, prob, weight', () => {
    const r = parse('label\tprob\tweight\n0\t0.2\t1\n1\t0.8\t2.5');
    assert.deepEqual([r.yTrue, r.yPred, r.sampleWeight], [[0, 1], [0.2, 0.8], [1, 2.5]]);
  });

  it('CSV with quoted header and quoted values; rows without a header as columns', () => {
    const r = parse('"target","score"\n"1","0.75"\n"0","0.25"');
    assert.deepEqual([r.yTrue, r.yPred], [[1, 0], [0.75, 0.25]]);
    const rows = parse('0,0.1\n1,0.9\n1,0.8\n0,0.3');
    assert.deepEqual([rows.yTrue, rows.yPred], [[0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]]);
  });

  it('several selections: first labels, second predictions, third weights, in document coordinates', () => {
    const texts: SelectionText[] = [
      { text: '[0, 1]', line: 4, column: 10 },
      { text: 'np.array([0.2,\n  0.8])', line: 7, column: 3 },
      { text: '1 2', line: 9, column: 0 },
    ];
    const r = parse(texts);
    assert.deepEqual([r.yTrue, r.yPred, r.sampleWeight], [[0, 1], [0.2, 0.8], [1, 2]]);
    assert.deepEqual(r.ranges.yTrue[1], [{ line: 4, column: 14, length: 1 }]);
    assert.deepEqual(r.ranges.yPred[0], [{ line: 7, column: 13, length: 3 }]);
    assert.deepEqual(r.ranges.yPred[1], [{ line: 8, column: 2, length: 3 }]);
    assert.deepEqual(r.ranges.sampleWeight, [{ line: 9, column: 0, length: 1 }, { line: 9, column: 2, length: 1 }]);
  });

  it('several selections: names still decide, columns of numbers are one array, empty selections are skipped', () => {
    const r = parse([
      { text: 'y_pred = [0.2, 0.8]', line: 0, column: 0 },
      { text: '', line: 3, column: 0 },
      { text: 'y_true = [0, 1]', line: 1, column: 0 },
    ]);
    assert.deepEqual([r.yTrue, r.yPred], [[0, 1], [0.2, 0.8]]);
    const columns = parse([
      { text: 'y_true\n0\n1', line: 0, column: 0 },
      { text: '0.25\n0.75', line: 0, column: 8 },
    ]);
    assert.deepEqual([columns.yTrue, columns.yPred], [[0, 1], [0.25, 0.75]]);
    assert.deepEqual(columns.ranges.yPred[1], [{ line: 1, column: 0, length: 4 }]);
  });

  it('a selection inside a line: the column offset applies only to its first line', () => {
    const document = 'print(y_true = [0, 1],\n      y_pred = [0.2, 0.9])';
    const text = document.slice(6, -1);
    const r = parse([{ text, line: 0, column: 6 }]);
    assert.deepEqual(r.ranges.yTrue[1], [rangeOf(document, '1')]);
    assert.deepEqual(r.ranges.yPred[1], [rangeOf(document, '0.9')]);
    assert.equal(covered(document, r.ranges.yPred[0][0]), '0.2');
  });

  it('string labels in arrays are kept for sklearn', () => {
    const r = parse('y_true = ["spam", "ham", \'spam\']\ny_pred = [0.9, 0.2, 0.6]');
    assert.deepEqual(r.yTrue, ['spam', 'ham', 'spam']);
    const loss = computeLoss(r, { ...keras, semantics: 'sklearn' }).loss as number;
    assert.ok(loss > 0);
  });

  it('NaN and infinity reach the core, which reports them with the position', () => {
    const r = parse('y_true = [0, 1]\ny_pred = [0.5, nan]');
    assert.ok(Object.is(r.yPred[1], NaN));
    assert.throws(() => computeLoss(r, keras), /y_pred\[1\]/);
  });

  it('the source name is used in errors', () => {
    assert.throws(() => parseSelection([{ text: '[1]', line: 0, column: 0 }], 'a.py'), (e: unknown) => e instanceof InputError && e.place.source === 'a.py');
  });
});

describe('parseSelection: errors', () => {
  it('no arrays found', () => {
    fails('hello world', /^no arrays found: select the labels and predictions, e\.g\. y_true = \[0, 1\] and y_pred = \[0\.2, 0\.9\]$/, 1, 1);
    fails([{ text: '  \n # nothing', line: 3, column: 2 }], /^no arrays found/, 4, 3);
    fails([], /^no arrays found/, 1, 1);
    fails('y_true = labels\ny_pred = model(x)', /^no arrays found/, 1, 1);
  });

  it('only one array', () => {
    fails('x = 1\ny_true = [0, 1]', /^only one array found \("y_true" at 2:10\): select the predictions too/, 2, 10);
    fails('0 1 1 0', /^only one array found/, 1, 1);
  });

  it('unequal lengths name both arrays and point at the first extra element', () => {
    fails('y_true = [0, 1, 0, 1]\ny_pred = [0.1, 0.2, 0.3]', /^y_pred has 3 values but y_true has 4$/, 1, 20);
    fails('y_true = [0, 1]\ny_pred = [0.1, 0.2, 0.3]', /^y_pred has 3 values but y_true has 2$/, 2, 21);
    fails('labels = [0, 1]\nprobs = [0.1, 0.2]\nw = [1]', /^w \(sample_weight\) has 1 value but labels \(y_true\) has 2$/, 1, 14);
    fails('[[0, 1], [1, 0]]\n[[0.2, 0.3]]', /^y_pred has 1 row but y_true has 2$/, 1, 10);
  });

  it('ragged rows', () => {
    fails('y_true = [[0, 1], [1, 0], [1, 1, 0]]\ny_pred = [[0, 1], [1, 0], [1, 1]]', /^ragged row: row 2 has 3 values but row 0 has 2$/, 1, 27);
    fails('y_true = [[0, 1], 1]\ny_pred = [0, 1]', /^ragged row: row 1 is a single value but row 0 has 2 values$/, 1, 19);
  });

  it('non-numbers: expected a number, got …', () => {
    fails('y_true = [0, 1]\ny_pred = [0.5, abc]', /^expected a number, got "abc"$/, 2, 16);
    fails('y_true = [0, None]\ny_pred = [0.5, 1]', /^expected a number, got "None"$/, 1, 14);
    fails('y_true = [0, 1.5f]\ny_pred = [0.5, 1]', /^expected a number, got "1\.5f"$/, 1, 14);
    fails('0 1\n0.5 x', /^expected a number, got "x"$/, 2, 5);
    fails('y_true = [0, 1]\ny_pred = [0.1 ... 0.9]', /^expected a number, got "\.\.\." \(the array looks truncated/, 2, 15);
  });

  it('strings in predictions or weights name the element', () => {
    fails('y_true = [0, 1]\ny_pred = [0.5, "high"]', /^expected a number in y_pred, got the string "high"/, 2, 16);
    fails('y_true = [0, 1]\ny_pred = [0.5, 0.5]\nw = [1, "2x"]', /^expected a number in sample_weight, got the string "2x"/, 3, 9);
  });

  it('more than 2 dimensions', () => {
    fails('y_true = [[[0, 1]]]\ny_pred = [[[0.5, 0.5]]]', /^more than 2 dimensions/, 1, 12);
  });

  it('unbalanced brackets', () => {
    fails('y_true = [0, 1\ny_pred = [0.5, 0.5]', /^expected "\]" to close "\[" opened at 1:10$/, 2, 20);
    fails('y_pred = [0.5, 0.5', /^expected "\]" to close "\[" opened at 1:10$/, 1, 19);
    fails('y = np.array([0, 1)]', /^expected "\]" to close "\[" opened at 1:14, got "\)"$/, 1, 19);
    fails('y = [0, 1]]', /^unexpected "\]" without a matching "\["$/, 1, 11);
    fails([{ text: 'y_true = [0, 1\n', line: 10, column: 8 }], /opened at 11:18$/, 12, 1);
  });

  it('an unterminated string', () => {
    fails('y_true = [0, "spam\n]\ny_pred = [0.5, 0.5]', /^unterminated string: expected a closing "$/, 1, 14);
    fails('y_true = ["spam, "ham"]\ny_pred = [0.5, 0.5]', /^expected "\]" to close "\[" opened at 1:10$/, 2, 20);
  });

  it('more than three arrays without names', () => {
    fails('[0]\n[1]\n[2]\n[3]', /^found 4 arrays but no names to tell them apart/, 4, 1);
  });

  it('CSV rows must match the header', () => {
    fails('y_true,y_pred\n0,0.2\n1', /^this row has 1 value but the header has 2 columns$/, 3, 1);
    fails('y_true,y_pred\n0,,0.2', /^expected a number, got "," \(an empty field\)$/, 2, 3);
  });

  it('a weight array of rows with more than one value each', () => {
    fails('y_true = [0, 1]\ny_pred = [0.5, 0.5]\nsample_weight = [[1, 3], [2, 4]]', /^sample_weight must hold one weight per sample, shaped \(n,\) or \(n, 1\)/, 3, 18);
  });

  it('weights shaped (n, 1), as Keras tests pass them, are one weight per sample', () => {
    const r = parseSelection([{ text: 'y_true = [[1], [0], [1]]\ny_pred = [[0.8], [0.3], [0.4]]\nsample_weight = [[1.0], [2.0], [0.5]]', line: 0, column: 0 }]);
    assert.deepEqual(r.sampleWeight, [1, 2, 0.5]);
    assert.deepEqual(r.ranges.sampleWeight?.[1], { line: 2, column: 25, length: 3 });
  });

  it('several selections: one without an array', () => {
    fails(
      [
        { text: '[0, 1]', line: 0, column: 0 },
        { text: 'foo', line: 2, column: 4 },
      ],
      /^no array in selection 2/,
      3,
      5,
    );
  });

  it('errors are in document coordinates', () => {
    fails([{ text: 'y_true = [0, 1]\ny_pred = [0.5, abc]', line: 20, column: 7 }], /got "abc"/, 22, 16);
    fails([{ text: 'y_pred = [0.5, abc]\ny_true = [0, 1]', line: 20, column: 7 }], /got "abc"/, 21, 23);
  });
});

describe('selection: a lone UTF-16 surrogate', () => {
  it('before a line break does not shift later places', () => {
    fails('\ud83d\ny_true = [0, 1]\ny_pred = [0.5, x]\n', /expected a number, got "x"/, 3, 16);
    fails('y_true = [0, 1] \udbff\r\ny_pred = [0.5, x]\n', /expected a number, got "x"/, 2, 16);
  });
});

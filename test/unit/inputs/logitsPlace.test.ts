/**
 * from_logits "auto" turns a whole input to logits on one prediction outside [0, 1] ("5." is 5):
 * the result's warning names that prediction's place, so a typo is found (issue 11, item 18).
 */
import * as assert from 'node:assert/strict';
import { computeLoss, type LossResult } from '../../../src/core';
import { computeFileLoss, type FileLossResult } from '../../../src/inputs/files';
import { keras, npy, npz, source } from './filesHelpers';

function first(r: FileLossResult): LossResult {
  const lane = r.results[0];
  assert.ok(lane.ok, lane.ok ? '' : lane.error);
  return lane.result;
}

const warning = (where: string, value: string) =>
  `predictions read as logits (from_logits auto): the first outside [0, 1] is ${value} at ${where}; set from_logits to false if they are probabilities`;

describe('the logits auto-switch names the value that caused it', () => {
  it('a CSV: file:line:column and the text as written', async () => {
    for (const chunk of [7, 65536]) {
      const r = first(await computeFileLoss(source('y_true,y_pred\n1,0.9\n0,0.2\n\n1,5.\n0,7\n', 'data.csv', chunk), { variants: [keras] }));
      assert.equal(r.logitsDetected, true);
      assert.deepEqual(r.warnings, [warning('data.csv:5:3', '"5."')], `chunk ${chunk}`);
    }
  });

  it('every lane that switched says so; one told from_logits does not', async () => {
    const r = await computeFileLoss(source('y_true,y_pred\n1,0.9\n0,-2\n'), { variants: [keras, { ...keras, fromLogits: true }] });
    assert.ok(r.results[0].ok && r.results[1].ok);
    assert.deepEqual(r.results[0].ok && r.results[0].result.warnings, [warning('data.csv:3:3', '"-2"')]);
    assert.deepEqual(r.results[1].ok && r.results[1].result.warnings, []);
  });

  it('JSON Lines at the value', async () => {
    const r = first(await computeFileLoss(source('{"y_true":1,"y_pred":0.9}\n{"y_true":0,"y_pred":1.5}\n', 'data.jsonl'), { variants: [keras] }));
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /is "?1\.5"? at data\.jsonl:2:/);
  });

  it('.npz (no lines): y_pred[i] and the value', async () => {
    const file = npz({ y_true: npy({ descr: '<f8', shape: [3], values: [1, 0, 1] }), y_pred: npy({ descr: '<f8', shape: [3], values: [0.9, 0.2, 5] }) });
    const r = first(await computeFileLoss(source(file, 'data.npz'), { variants: [keras] }));
    assert.deepEqual(r.warnings, [warning('y_pred[2]', '5')]);
  });

  it('a selection: y_pred[i], and [i][j] for multi-label', () => {
    assert.deepEqual(computeLoss({ yTrue: [1, 0, 1], yPred: [0.9, 0.2, 5] }, keras).warnings, [warning('y_pred[2]', '5')]);
    assert.deepEqual(computeLoss({ yTrue: [[1, 0], [0, 1]], yPred: [[0.9, 0.2], [0.1, 40]] }, keras).warnings, [warning('y_pred[1][1]', '40')]);
    assert.deepEqual(computeLoss({ yTrue: [1, 0], yPred: [0.9, 0.2] }, keras).warnings, []);
  });
});

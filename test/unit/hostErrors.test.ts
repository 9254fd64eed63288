import * as assert from 'node:assert/strict';
import { hasMeaningfulPlace } from '../../src/host/errorPlace';
import { InputError } from '../../src/inputs/inputError';
import { parseSelection } from '../../src/inputs/text/parseSelection';

function parseError(text: string): InputError {
  try {
    parseSelection([{ text, line: 0, column: 0 }]);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  return assert.fail('expected an InputError');
}

describe('host: which errors get a Go to button', () => {
  it('"no arrays found" is about the whole selection: no place to go to (issue 14, item 7)', () => {
    // The parser's own message, so a change of its words shows up here.
    const e = parseError('import torch\nloss_fn = torch.nn.BCELoss()');
    assert.match(e.detail, /^no arrays found/);
    assert.equal(hasMeaningfulPlace(e.detail), false);
  });

  it('errors at an element or a token keep their place', () => {
    assert.equal(hasMeaningfulPlace(parseError('y_true = [0, 1, 2]\ny_pred = [0.1, 0.2]').detail), true);
    assert.equal(hasMeaningfulPlace(parseError('y_true = [0, 1]').detail), true, 'only one array: the place is that array');
  });
});

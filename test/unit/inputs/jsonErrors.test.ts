/**
 * JSON errors at the real line:column with the real token: Node 20's JSON.parse messages often
 * carry no position (so everything was at 1:1) and quote the text over several lines.
 */
import * as assert from 'node:assert/strict';
import { computeFileLoss } from '../../../src/inputs/files';
import { InputError, MESSAGE_CHARS } from '../../../src/inputs/inputError';
import { jsonProblem } from '../../../src/inputs/jsonSyntax';
import { keras, source } from './filesHelpers';

async function message(text: string, name: string, onInvalid: 'error' | 'skip' = 'error'): Promise<string> {
  try {
    await computeFileLoss(source(text, name), { variants: [keras], onInvalid });
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    assert.ok(e.message.length <= MESSAGE_CHARS && !/[\r\n]/.test(e.message), e.message);
    return e.message;
  }
  return assert.fail('expected an InputError');
}

describe('JSON syntax errors', () => {
  it('a .json file: the place and the token', async () => {
    assert.equal(await message('{"y_true": [1, 0],\n "y_pred": [0.5, 0.3,]}\n', 'a.json'), 'a.json:2:22: invalid JSON: expected a value, found "]"');
    assert.equal(await message('{"y_true": [1, 0],\n "y_pred": [0.5, 0.3]\n', 'a.json'), 'a.json:3:1: invalid JSON: expected "," or "}", found the end of the file');
    assert.equal(await message('{"y_true": [1],\n "y_pred": [01]}', 'a.json'), 'a.json:2:13: invalid JSON: expected a number, found "01"');
    assert.equal(await message('{"y_true": [1], "y_pred": [0.5]} x', 'a.json'), 'a.json:1:34: invalid JSON: expected the end of the file after the JSON value, found "x"');
  });

  it('JSON Lines: NaN at its column, in error and skip modes', async () => {
    const text = '{"y_true": 1, "y_pred": 0.5}\n{"y_true": 1, "y_pred": NaN}\n{"y_true": 0, "y_pred": 0.5}\n';
    assert.equal(await message(text, 'a.jsonl'), 'a.jsonl:2:25: invalid JSON: expected a value (JSON has no NaN or Infinity), found "NaN"');
    const skipped = await computeFileLoss(source(text, 'a.jsonl'), { variants: [keras], onInvalid: 'skip' });
    assert.deepEqual([skipped.rows, skipped.firstInvalid?.line, skipped.firstInvalid?.column], [2, 2, 25]);
  });

  it('1e999 (Infinity once parsed) at its column, quoted as written', async () => {
    assert.equal(await message('{"y_true": 1, "y_pred": 0.5}\n{"y_true": 1, "y_pred": 1e999}\n', 'a.jsonl'), 'a.jsonl:2:25: expected a finite prediction for "y_pred", found "1e999"');
    assert.equal(await message('{"y_true": [0, 1], "y_pred": [0.5, -1e999]}\n', 'a.jsonl'), 'a.jsonl:1:36: expected a finite prediction for "y_pred", found "-1e999"');
    assert.equal(await message('{"y_true":[1,0],"y_pred":[0.9,1e999]}', 'a.json'), 'a.json:1:31: expected a finite number in "y_pred", found "1e999"');
  });

  it('the validator agrees with JSON.parse', () => {
    const good = ['0', '-0.5e-3', '"a\\u00e9\\n"', '[]', '{}', '[1, [2, {"a": null}], true, false]', ' {"k" : "v"} '];
    const bad = ['', '[', '[1,]', '{"a" 1}', '{,}', '"a\nb"', '"\\x"', '1.', '.5', '+1', '[1 2]', 'tru', '{"a":1,}', 'NaN', '[1]]'];
    for (const t of good) assert.equal(jsonProblem(t), undefined, t);
    for (const t of bad) {
      assert.throws(() => JSON.parse(t));
      assert.ok(jsonProblem(t), t);
    }
  });
});

describe('deep nesting', () => {
  // A million levels: JSON.parse takes them, JSON.stringify and any recursive walk overflow the stack.
  const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;

  it('is one clear error at the first bracket too deep, in every JSON reader', async () => {
    assert.equal(await message(deep, 'a.json'), 'a.json:1:101: nesting deeper than 100 levels: expected arrays of numbers, rows of them, or records');
    assert.match(await message(`{"y_true": ${deep}, "y_pred": [0.5]}`, 'a.json'), /^a\.json:1:111: nesting deeper than 100 levels/);
    assert.match(await message(`{"y_true": 1, "y_pred": 0.5}\n{"y_true": ${deep}, "y_pred": 0.5}\n`, 'a.jsonl', 'skip'), /^a\.jsonl:2:111: nesting deeper/);
  });
});

import * as assert from 'node:assert/strict';
import { revealShowOptions } from '../../src/host/revealOptions';
import { isWebviewMessage } from '../../src/shared/protocol';

describe('host: showing a place in the editor', () => {
  it('Enter on a sample row: the editor selects the place and the panel keeps the keyboard', () => {
    const range = { start: 3, end: 9 };
    assert.deepEqual(revealShowOptions(2, range, true), { viewColumn: 2, preserveFocus: true, selection: range, preview: true });
  });

  it('Alt+Enter, "Show in editor", Go to Error: the editor takes focus', () => {
    const range = { start: 3, end: 9 };
    assert.deepEqual(revealShowOptions(1, range, false), { viewColumn: 1, preserveFocus: false, selection: range });
  });

  it('the reveal message carries preserveFocus (a boolean, or none for the banner)', () => {
    assert.ok(isWebviewMessage({ type: 'reveal', target: { kind: 'line', line: 3 }, preserveFocus: true }));
    assert.ok(isWebviewMessage({ type: 'reveal', target: { kind: 'sample', index: 0 }, preserveFocus: false }));
    assert.ok(isWebviewMessage({ type: 'reveal', target: { kind: 'sample', index: 0 } }));
    assert.ok(!isWebviewMessage({ type: 'reveal', target: { kind: 'sample', index: 0 }, preserveFocus: 'yes' }));
  });
});

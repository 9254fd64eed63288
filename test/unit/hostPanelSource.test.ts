/**
 * A panel restored after a reload re-reads only the source the host kept, never a URI from the
 * webview's saved state (any script in the webview could write one) (issue 11, item 19).
 */
import * as assert from 'node:assert/strict';
import { keptSourceOf, restoredSource } from '../../src/host/panelSource';
import type { PanelSource, PanelView } from '../../src/shared/panelView';
import { viewOf } from './webviewFixtures';

/** A built view as a restored panel hands it back, showing `source`. */
const view = (source: PanelSource): PanelView => ({ ...viewOf({ yTrue: [1, 0], yPred: [0.8, 0.3] }), source });

const file: PanelSource = { kind: 'file', title: 'a.csv', detail: 'CSV', uri: 'file:///work/a.csv' };
const selection: PanelSource = { kind: 'selection', title: 'a.py', detail: 'lines 1–2', uri: 'file:///work/a.py', selections: [[0, 0, 1, 10]] };

describe('host: the source of a restored panel', () => {
  it('is the one the host kept, for a file and for a selection', () => {
    assert.deepEqual(restoredSource(keptSourceOf(file), view(file)), { kind: 'file', uri: 'file:///work/a.csv' });
    assert.deepEqual(restoredSource(keptSourceOf(selection), view(selection)), { kind: 'selection', uri: 'file:///work/a.py', selections: [[0, 0, 1, 10]], whole: false });
    const whole = { ...selection, detail: 'whole document' };
    assert.equal(restoredSource(keptSourceOf(whole), view(whole))?.whole, true);
  });

  it('is nothing when the host kept nothing, whatever URI the saved state holds', () => {
    for (const uri of ['file:///etc/passwd', 'https://example.com/x.csv', 'vscode-remote://ssh/x.csv']) {
      assert.equal(restoredSource(undefined, view({ ...file, uri })), undefined, uri);
    }
  });

  it('is nothing when the saved state names another file or kind than the host kept', () => {
    const kept = keptSourceOf(file);
    assert.equal(restoredSource(kept, view({ ...file, uri: 'file:///etc/passwd' })), undefined);
    assert.equal(restoredSource(kept, view({ ...selection, uri: file.uri })), undefined);
  });

  it('takes the selections from what the host kept, not from the saved state', () => {
    const forged = view({ ...selection, selections: [[0, 0, 99999, 0]] });
    assert.deepEqual(restoredSource(keptSourceOf(selection), forged)?.selections, [[0, 0, 1, 10]]);
  });

  it('refuses a kept value of the wrong shape (an older version, a damaged state)', () => {
    for (const kept of [null, 'file:///work/a.csv', { kind: 'file' }, { kind: 'other', uri: file.uri }, { kind: 'selection', uri: selection.uri }, { kind: 'selection', uri: selection.uri, selections: [[0, -1, 0, 0]] }]) {
      assert.equal(restoredSource(kept, view(file)), undefined, JSON.stringify(kept));
      assert.equal(restoredSource(kept, view(selection)), undefined, JSON.stringify(kept));
    }
  });

  it('keeps nothing for a source without a URI or selections', () => {
    assert.equal(keptSourceOf({ kind: 'file', title: 'x', detail: '' }), undefined);
    assert.equal(keptSourceOf({ ...selection, selections: [] }), undefined);
  });
});

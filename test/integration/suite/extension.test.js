// Integration tests: run inside a real VS Code (desktop via test-electron, or
// code-server 4.100.3 via scripts/vscode-shim.js) with test/fixtures/workspace open.
// They drive the extension through the vscode API and the test hook its activate() returns
// (lastResult, lastError, panelState, setPanelOption): no mocks.
//
// Expected losses are computed here from the fixtures' arrays with small independent formulas
// (Keras 3 / PyTorch definitions), except the two documented Keras examples.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'bce-lens.bce-lens';
const CMD = {
  computeSelection: 'bceLens.computeSelection',
  computeFile: 'bceLens.computeFile',
  showPanel: 'bceLens.showPanel',
  openSample: 'bceLens.openSample',
  computeInDatabase: 'bceLens.computeInDatabase',
};

// ---- independent reference formulas ---------------------------------------------------------
const KERAS_EPS = 1e-7;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Keras 3 binary_crossentropy on probabilities: clip to [eps, 1 - eps], optional label smoothing. */
function kerasBce(y, p, smoothing = 0) {
  return mean(y.map((t, i) => {
    const ts = t * (1 - smoothing) + 0.5 * smoothing;
    const q = Math.min(Math.max(p[i], KERAS_EPS), 1 - KERAS_EPS);
    return -(ts * Math.log(q) + (1 - ts) * Math.log(1 - q));
  }));
}
/** Keras / PyTorch BCE with logits (numerically stable form). */
function logitsBce(y, x) {
  return mean(y.map((t, i) => Math.max(x[i], 0) - x[i] * t + Math.log1p(Math.exp(-Math.abs(x[i])))));
}
/** PyTorch BCELoss: the logs are clamped at -100. */
function torchBce(y, p) {
  return mean(y.map((t, i) => -(t * Math.max(Math.log(p[i]), -100) + (1 - t) * Math.max(Math.log(1 - p[i]), -100))));
}

/** Reads a fixture CSV with a header into { columns: {name: values[]} } (numbers where numeric). */
function readCsv(file) {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  const columns = Object.fromEntries(names.map((n) => [n, []]));
  for (const row of rows) {
    row.split(',').forEach((cell, i) => columns[names[i]].push(cell !== '' && !Number.isNaN(Number(cell)) ? Number(cell) : cell));
  }
  return { columns, n: rows.length };
}

// ---- helpers --------------------------------------------------------------------------------
function workspaceFile(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'the fixtures workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens `name` and selects the lines whose text matches the first and last regexps (whole lines). */
async function selectLines(name, first, last = first) {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
  const lines = doc.getText().split(/\r?\n/);
  const a = lines.findIndex((l) => first.test(l));
  const b = lines.findIndex((l, i) => i >= a && last.test(l));
  assert.ok(a >= 0 && b >= a, `${name} has lines matching ${first} … ${last}`);
  editor.selection = new vscode.Selection(a, 0, b, lines[b].length);
  return { doc, editor, lines, first: a, last: b };
}

// assert.fail keeps the whole message (mocha trims "x: expected …" messages that carry a diff).
function assertClose(actual, expected, tol, what) {
  if (typeof actual !== 'number' || !(Math.abs(actual - expected) <= tol)) {
    assert.fail(`${what} is ${JSON.stringify(actual)}, want ${expected} ± ${tol}`);
  }
}

/** The panel shows 7 significant digits: the displayed text must read back as `expected`. */
function assertDisplayed(state, expected, what) {
  assert.ok(state, `${what}: panelState() answered (a panel is open)`);
  const shown = Number.parseFloat(state.displayedLoss);
  if (!(Math.abs(shown - expected) <= Math.abs(expected) * 1e-6 + 1e-12)) {
    assert.fail(`${what}: the panel shows ${JSON.stringify(state.displayedLoss)}, want ${expected} (7 significant digits)`);
  }
}

suite('BCE Lens extension', () => {
  /** @type {import('../../../src/host/api').BceLensApi} */
  let api;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    api = await ext.activate();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('bceLens').update('semantics', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('activates, returns its test API and registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext.isActive, 'extension is active');
    assert.strictEqual(ext.exports, api);
    for (const fn of ['lastResult', 'lastError', 'panelState', 'setPanelOption']) {
      assert.strictEqual(typeof api[fn], 'function', `api.${fn} is a function`);
    }
    const contributed = ext.packageJSON.contributes.commands.map((c) => c.command).sort();
    assert.deepStrictEqual(contributed, Object.values(CMD).sort(), 'package.json contributes exactly these commands');
    const registered = await vscode.commands.getCommands(true);
    for (const id of contributed) assert.ok(registered.includes(id), `${id} is registered`);
  });

  test('selection of y_true / logits in selection.py gives the Keras from_logits loss 0.8654579', async () => {
    const { lines, first, last } = await selectLines('selection.py', /^y_true = \[0, 1, 0, 0\]$/, /^logits = /);
    assert.strictEqual(last, first + 1, 'the two arrays are on consecutive lines');
    const result = await vscode.commands.executeCommand(CMD.computeSelection);
    assert.ok(result && typeof result === 'object', `command returns a result object, got ${JSON.stringify(result)}; lastError: ${JSON.stringify(api.lastError())}`);
    assertClose(result.loss, 0.8654579, 1e-6, 'loss of the logits selection');
    // and the same from the arrays by the textbook formula
    const logits = JSON.parse(lines[last].replace(/^logits = /, ''));
    assertClose(result.loss, logitsBce([0, 1, 0, 0], logits), 1e-12, 'loss vs the stable logits formula');
    assert.strictEqual(result.fromLogits, true, 'fromLogits');
    // (logitsDetected may be false: the name "logits" already says so, before any value is looked at)
    assert.strictEqual(result.semantics, 'keras');
    assert.strictEqual(result.n, 4);
    assert.strictEqual(api.lastResult().loss, result.loss, 'lastResult() is the command result');
    assert.strictEqual(api.lastError(), undefined, 'no error');
  });

  test('the panel opens and shows the selection result with its chart', async () => {
    assert.ok(api.lastResult(), 'a result of the selection (previous test) to show');
    const expected = api.lastResult().loss;
    const state = await api.panelState();
    assert.ok(state, 'panelState() answers: a panel is open');
    assert.strictEqual(state.ready, true, 'panel ready');
    assertDisplayed(state, expected, 'logits selection');
    assert.strictEqual(state.chartDrawn, true, 'loss-curve chart drawn');
    assert.strictEqual(state.semantics, 'keras');
    assert.strictEqual(state.rows, 4, 'N shown');
    assert.strictEqual(state.tableRows, 4, 'sample table rows');
    assert.ok(state.comparisonRows >= 3, `comparison rows: ${state.comparisonRows}`);
    assert.strictEqual(state.options.fromLogits, 'auto');
    assert.strictEqual(state.busy, false);
    assert.strictEqual(state.error, undefined);
  });

  test('np.array multi-label selection gives the Keras loss 0.8149245', async () => {
    await selectLines('selection.py', /^labels = np\.array/, /^probs = np\.array/);
    const result = await vscode.commands.executeCommand(CMD.computeSelection);
    assert.ok(result && typeof result === 'object', `result object, got ${JSON.stringify(result)}; lastError: ${JSON.stringify(api.lastError())}`);
    assertClose(result.loss, 0.8149245, 1e-6, 'loss of the np.array selection');
    assertClose(result.loss, kerasBce([0, 1, 0, 0], [0.6, 0.4, 0.4, 0.6]), 1e-9, 'loss vs the Keras formula');
    assert.strictEqual(result.fromLogits, false);
    assert.strictEqual(result.n, 2, 'two samples');
    assert.strictEqual(result.labels, 2, 'two labels per sample');
    assertDisplayed(await api.panelState(), result.loss, 'np.array selection');
  });

  test('computeFile(Uri of predictions.csv) and the panel options torch / label smoothing', async () => {
    const uri = workspaceFile('predictions.csv');
    const { columns, n } = readCsv(uri.fsPath);
    const y = columns.y_true;
    const p = columns.y_pred;
    const expected = kerasBce(y, p);
    const result = await vscode.commands.executeCommand(CMD.computeFile, uri);
    assert.ok(result && typeof result === 'object', `result object, got ${JSON.stringify(result)}; lastError: ${JSON.stringify(api.lastError())}`);
    assertClose(result.loss, expected, 1e-9, 'Keras loss of predictions.csv');
    assert.strictEqual(result.n, n, 'rows');
    assert.strictEqual(result.fromLogits, false);
    assert.ok(result.file, 'the file result carries the file facts');
    assert.strictEqual(api.lastResult().loss, result.loss);

    let state = await api.panelState();
    assert.strictEqual(state.ready, true);
    assertDisplayed(state, expected, 'predictions.csv (keras)');
    assert.strictEqual(state.chartDrawn, true, 'chart drawn for the file');
    assert.strictEqual(state.rows, n);

    // PyTorch BCELoss clamps log(0) at -100 where Keras clips at 1e-7: a visibly different number.
    const torch = torchBce(y, p);
    assert.ok(Math.abs(torch - expected) > 0.1, 'fixture makes torch and keras differ');
    await api.setPanelOption('semantics', 'torch');
    state = await api.panelState();
    assert.strictEqual(state.semantics, 'torch');
    assertDisplayed(state, torch, 'predictions.csv after semantics = torch');
    assertClose(api.lastResult().loss, torch, 1e-9, 'lastResult() after semantics = torch');

    await api.setPanelOption('semantics', 'keras');
    await api.setPanelOption('label-smoothing', 0.2);
    const smoothed = kerasBce(y, p, 0.2);
    state = await api.panelState();
    assert.strictEqual(state.options.labelSmoothing, 0.2);
    assertDisplayed(state, smoothed, 'predictions.csv with label smoothing 0.2');
    assertClose(api.lastResult().loss, smoothed, 1e-9, 'lastResult() with label smoothing 0.2');
    assert.strictEqual(state.chartDrawn, true, 'chart redrawn');
    await api.setPanelOption('label-smoothing', 0);
  });

  test('computeFile on a training log (epoch, split columns) gives the loss and one point per epoch/split', async () => {
    const uri = workspaceFile('training-log.csv');
    const { columns, n } = readCsv(uri.fsPath);
    const result = await vscode.commands.executeCommand(CMD.computeFile, uri);
    assert.ok(result && typeof result === 'object', `result object, got ${JSON.stringify(result)}; lastError: ${JSON.stringify(api.lastError())}`);
    assertClose(result.loss, kerasBce(columns.y_true, columns.y_pred), 1e-9, 'loss of all rows of training-log.csv');
    assert.strictEqual(result.n, n);
    const epochs = result.file.epochs;
    assert.ok(Array.isArray(epochs), `file.epochs is a list, got ${JSON.stringify(result.file)}`);
    const groups = new Map();
    columns.epoch.forEach((e, i) => {
      const key = `${e}/${columns.split[i]}`;
      if (!groups.has(key)) groups.set(key, { y: [], p: [] });
      groups.get(key).y.push(columns.y_true[i]);
      groups.get(key).p.push(columns.y_pred[i]);
    });
    assert.strictEqual(epochs.length, groups.size, `one point per epoch and split: ${JSON.stringify(epochs)}`);
    for (const pt of epochs) {
      const g = groups.get(`${pt.epoch}/${pt.split}`);
      assert.ok(g, `point ${pt.epoch}/${pt.split} is in the file`);
      assert.strictEqual(pt.n, g.y.length);
      assertClose(pt.loss, kerasBce(g.y, g.p), 1e-9, `loss of epoch ${pt.epoch} ${pt.split}`);
    }
    const state = await api.panelState();
    assertDisplayed(state, result.loss, 'training-log.csv');
    assert.strictEqual(state.chartDrawn, true);
  });

  test('a bad selection (label 2) reports an error whose place is the offending element', async () => {
    const { doc, lines, first } = await selectLines('bad_selection.py', /^y_true = /, /^y_pred = /);
    const before = api.lastResult();
    const result = await vscode.commands.executeCommand(CMD.computeSelection);
    assert.strictEqual(result, undefined, 'no result for a bad selection');
    const err = api.lastError();
    assert.ok(err, 'lastError() is set');
    const line = first + 1;
    const column = lines[first].indexOf('2', lines[first].indexOf('[')) + 1; // the "2" in [0, 1, 2]
    assert.ok(err.place, `the error has a place: ${JSON.stringify(err)}`);
    assert.deepStrictEqual({ line: err.place.line, column: err.place.column }, { line, column }, `place of ${JSON.stringify(err.message)}`);
    assert.strictEqual(err.place.uri, doc.uri.toString());
    assert.ok(err.message.includes(`bad_selection.py:${line}:${column}`), `message names the place: ${err.message}`);
    assert.match(err.message, /\b2\b/, 'message names the bad value');
    assert.strictEqual(api.lastResult(), before, 'the last result is unchanged');
    // The panel still shows the previous result, marked out of date with the reason (issue 14, item 3).
    const state = await api.panelState();
    assert.match(state.stale || '', /bad_selection\.py:\d+:\d+: .*The result shown is still that of /, `the panel says its result is out of date: ${JSON.stringify(state)}`);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('a data file changed on disk marks the panel out of date; an option change reads it again', async () => {
    const uri = workspaceFile('stale-check.csv');
    const write = (rows) => vscode.workspace.fs.writeFile(uri, Buffer.from(`y_true,y_pred\n${rows.map((r) => r.join(',')).join('\n')}\n`));
    try {
      await write([[1, 0.9], [0, 0.2]]);
      const first = await vscode.commands.executeCommand(CMD.computeFile, uri);
      assertClose(first.loss, kerasBce([1, 0], [0.9, 0.2]), 1e-9, 'loss of stale-check.csv');
      assert.strictEqual((await api.panelState()).stale, undefined, 'a fresh result is not out of date');
      await write([[1, 0.6], [0, 0.3], [1, 0.7]]);
      let state;
      for (let i = 0; i < 100; i++) {
        state = await api.panelState();
        if (state.stale) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(state.stale || '', /stale-check\.csv changed on disk/, `the panel notices the change: ${JSON.stringify(state)}`);
      assertDisplayed(state, first.loss, 'the old result stays on screen until read again');
      await api.setPanelOption('semantics', 'torch');
      state = await api.panelState();
      assert.strictEqual(state.stale, undefined, 'read again: current');
      assertDisplayed(state, torchBce([1, 0, 1], [0.6, 0.3, 0.7]), 'the changed file under torch');
    } finally {
      await api.setPanelOption('semantics', 'keras').catch(() => undefined);
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  test('the bceLens.semantics setting (Global) is the default of the next computation', async () => {
    const config = () => vscode.workspace.getConfiguration('bceLens');
    assert.strictEqual(config().get('semantics'), 'keras', 'default setting');
    const uri = workspaceFile('predictions.csv');
    const { columns } = readCsv(uri.fsPath);
    try {
      await config().update('semantics', 'torch', vscode.ConfigurationTarget.Global);
      assert.strictEqual(config().get('semantics'), 'torch');
      const result = await vscode.commands.executeCommand(CMD.computeFile, uri);
      assert.ok(result, `result, lastError: ${JSON.stringify(api.lastError())}`);
      assert.strictEqual(result.semantics, 'torch');
      assertClose(result.loss, torchBce(columns.y_true, columns.y_pred), 1e-9, 'loss with the torch setting');
      const state = await api.panelState();
      assert.strictEqual(state.semantics, 'torch', 'the panel control shows the setting');
      assertDisplayed(state, result.loss, 'predictions.csv with the torch setting');
    } finally {
      await config().update('semantics', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.strictEqual(config().get('semantics'), 'keras', 'setting restored');
    const again = await vscode.commands.executeCommand(CMD.computeFile, uri);
    assertClose(again.loss, kerasBce(columns.y_true, columns.y_pred), 1e-9, 'loss after restoring the setting');
  });

  test('notebooks: a selection in a cell computes; Compute Loss of File… from a cell offers the picker instead of failing', async () => {
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'y_true = [0, 1, 0, 0]\nlogits = [-18.6, 0.51, 2.94, -12.8]', 'python'),
    ]);
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('notebook.cell.edit');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.scheme === 'vscode-notebook-cell', `the cell's editor is active: ${editor && editor.document.uri.toString()}`);
    const cell = editor.document;
    editor.selection = new vscode.Selection(0, 0, 1, cell.lineAt(1).text.length);
    const result = await vscode.commands.executeCommand(CMD.computeSelection);
    assert.ok(result, `a result from the cell's selection; lastError: ${JSON.stringify(api.lastError())}`);
    assertClose(result.loss, 0.8654579, 1e-6, 'loss of the arrays selected in a notebook cell');

    // The cell's Uri is what a menu in the cell passes: the command must not try to read it.
    // The open dialog is answered here (a person would choose a file in it).
    const window = vscode.window;
    const realDialog = window.showOpenDialog;
    const asked = [];
    window.showOpenDialog = async (options) => {
      asked.push(options);
      return [workspaceFile('predictions.csv')];
    };
    try {
      assert.strictEqual(window.showOpenDialog === realDialog, false, 'the open dialog can be answered by the test');
      const fromArg = await vscode.commands.executeCommand(CMD.computeFile, cell.uri);
      const fromActive = await vscode.commands.executeCommand(CMD.computeFile);
      assert.strictEqual(asked.length, 2, `the picker was offered twice: ${JSON.stringify(asked)}; lastError: ${JSON.stringify(api.lastError())}`);
      for (const r of [fromArg, fromActive]) assert.ok(r && r.file, `the chosen file was read; lastError: ${JSON.stringify(api.lastError())}`);
      for (const o of asked) assert.ok(!o.defaultUri || o.defaultUri.scheme !== 'vscode-notebook-cell', `the dialog starts in a folder it can open: ${o.defaultUri}`);
    } finally {
      window.showOpenDialog = realDialog;
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('columns: a header that does not name the roles asks for them with a preview, and remembers the choice', async () => {
    const uri = workspaceFile('columns-check.csv');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('id,truth,model_a,model_b\n1,1,0.9,0.6\n2,0,0.2,0.4\n3,1,0.7,0.8\n'));
    const window = vscode.window;
    const realPick = window.showQuickPick;
    const asked = [];
    let answers = [];
    window.showQuickPick = async (items, options) => {
      const list = await items;
      asked.push({ title: options && options.title, items: list.map((i) => `${i.label}: ${i.description}`) });
      const want = answers.shift();
      return list.find((i) => i.label === want);
    };
    try {
      assert.strictEqual(window.showQuickPick === realPick, false, 'the quick pick can be answered by the test');
      answers = ['truth', 'model_a', 'none'];
      const first = await vscode.commands.executeCommand(CMD.computeFile, uri);
      assert.ok(first, `a result with the chosen columns; asked ${JSON.stringify(asked)}; lastError ${JSON.stringify(api.lastError())}`);
      assert.strictEqual(asked.length, 3, `y_true, y_pred and the weights were asked: ${JSON.stringify(asked)}`);
      assert.ok(asked[0].items.includes('model_a: 0.9, 0.2, 0.7'), `each column with its first values: ${JSON.stringify(asked[0])}`);
      assertClose(first.loss, kerasBce([1, 0, 1], [0.9, 0.2, 0.7]), 1e-9, 'loss with truth and model_a');
      assert.deepStrictEqual([first.file.columns.yTrue, first.file.columns.yPred], [['truth'], ['model_a']]);

      const again = await vscode.commands.executeCommand(CMD.computeFile, uri);
      assert.strictEqual(asked.length, 3, 'the choice is remembered: not asked again');
      assertClose(again.loss, first.loss, 0, 'the same columns read again');
    } finally {
      window.showQuickPick = realPick;
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  test('Compute Loss in Database: a query in .sql and in a Python string, in DuckDB, equals the file command on the same Parquet file; errors name the column', async () => {
    // Relative paths in a DuckDB query resolve against the workspace folder (test/fixtures/workspace).
    const parquet = vscode.Uri.file(path.join(workspaceFile('.').fsPath, '..', 'columnar', 'snappy.parquet'));
    const fromFile = await vscode.commands.executeCommand(CMD.computeFile, parquet);
    assert.ok(fromFile, `the file command reads snappy.parquet; lastError: ${JSON.stringify(api.lastError())}`);
    const relative = (a, b) => Math.abs(a - b) / Math.abs(b);
    const sqlUri = workspaceFile('loss-check.sql');
    const pyUri = workspaceFile('loss-check.py');
    await vscode.workspace.fs.writeFile(sqlUri, Buffer.from("-- the loss of a Parquet file, in DuckDB\nSELECT y_true, y_pred\nFROM '../columnar/snappy.parquet';\n"));
    await vscode.workspace.fs.writeFile(pyUri, Buffer.from('import duckdb\nq = ("SELECT y_true AS label, y_pred AS prob "\n     "FROM \'../columnar/snappy.parquet\'")\nmissing = "SELECT y_true, nope AS y_pred FROM \'../columnar/snappy.parquet\'"\nwrites = "DELETE FROM t"\n'));
    try {
      // .sql, nothing selected: the whole document is the query.
      const sqlDoc = await vscode.workspace.openTextDocument(sqlUri);
      const sqlEditor = await vscode.window.showTextDocument(sqlDoc, { preview: false });
      sqlEditor.selection = new vscode.Selection(0, 0, 0, 0);
      const inSql = await vscode.commands.executeCommand(CMD.computeInDatabase);
      assert.ok(inSql && typeof inSql.loss === 'number', `a result from DuckDB; lastError: ${JSON.stringify(api.lastError())}`);
      assert.ok(relative(inSql.loss, fromFile.loss) <= 1e-12, `DuckDB ${inSql.loss} vs the file command ${fromFile.loss}`);
      assert.strictEqual(inSql.n, fromFile.n, 'the same number of rows');
      const state = await api.panelState();
      assert.ok(state && state.rows === fromFile.n, `the panel states the rows the engine read: ${JSON.stringify(state)}`);
      assertDisplayed(state, inSql.loss, 'the query in DuckDB');

      // Python: the cursor in the (implicitly joined) string; label and prob are role names.
      const pyDoc = await vscode.workspace.openTextDocument(pyUri);
      const pyEditor = await vscode.window.showTextDocument(pyDoc, { preview: false });
      pyEditor.selection = new vscode.Selection(1, 10, 1, 10);
      const inPy = await vscode.commands.executeCommand(CMD.computeInDatabase);
      assert.ok(inPy && typeof inPy.loss === 'number', `a result from the Python string; lastError: ${JSON.stringify(api.lastError())}`);
      assert.ok(relative(inPy.loss, fromFile.loss) <= 1e-12, `DuckDB from Python ${inPy.loss} vs the file command ${fromFile.loss}`);

      // A column the file does not have: DuckDB's error relayed in one line naming it, at the query's place.
      pyEditor.selection = new vscode.Selection(3, 0, 3, 0);
      const missing = await vscode.commands.executeCommand(CMD.computeInDatabase);
      assert.strictEqual(missing, undefined, 'no result for a query that fails');
      const error = api.lastError();
      assert.ok(error && /DuckDB/.test(error.message) && /nope/.test(error.message) && !/\n/.test(error.message), `one line naming the engine and the column: ${JSON.stringify(error)}`);
      assert.ok(error.place && error.place.line === 4, `the place is the query's line: ${JSON.stringify(error)}`);

      // A statement that writes is refused before any engine runs it.
      pyEditor.selection = new vscode.Selection(4, 0, 4, 0);
      assert.strictEqual(await vscode.commands.executeCommand(CMD.computeInDatabase), undefined);
      assert.match(api.lastError().message, /expected a SELECT or WITH statement, got "DELETE"/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const uri of [sqlUri, pyUri]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  test('computeSelection on example.json (whole document) gives the Keras loss 0.8149', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('example.json'));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.selection = new vscode.Selection(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const result = await vscode.commands.executeCommand(CMD.computeSelection);
    assert.ok(result && typeof result === 'object', `command returns a result object, got ${JSON.stringify(result)}`);
    assertClose(result.loss, 0.8149245, 1e-6, 'loss of example.json');
    assert.strictEqual(path.basename(doc.uri.fsPath), 'example.json');
  });
});

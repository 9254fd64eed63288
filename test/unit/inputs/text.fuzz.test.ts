import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../../../src/inputs/inputError';
import { parseSelection, type ParsedSelection, type SelectionText, type SourceRange } from '../../../src/inputs/text/parseSelection';

/** Lines of a document as VS Code splits them. */
const linesOf = (document: string) => document.split(/\r\n|\r|\n/);

/** Parses; returns the result or the InputError, and fails on any other exception. */
function attempt(texts: readonly SelectionText[]): ParsedSelection | InputError {
  try {
    return parseSelection(texts);
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`not an InputError: ${String(e)}`);
    assert.doesNotMatch(e.detail, /internal error/);
    assert.ok(Number.isInteger(e.place.line) && e.place.line >= 1 && Number.isInteger(e.place.column) && e.place.column >= 1, e.message);
    return e;
  }
}

/** Every range lies inside the document, and there is one per element. */
function checkRanges(document: string, r: ParsedSelection): void {
  const lines = linesOf(document);
  const inside = (range: SourceRange) =>
    assert.ok(range.line >= 0 && range.line < lines.length && range.column >= 0 && range.length >= 0 && range.column + range.length <= lines[range.line].length, JSON.stringify(range));
  const check = (values: ArrayLike<unknown>, ranges: SourceRange[][]) => {
    assert.equal(ranges.length, values.length);
    Array.from(values).forEach((v, i) => {
      assert.equal(ranges[i].length, Array.isArray(v) ? v.length : 1);
      ranges[i].forEach(inside);
    });
  };
  check(r.yTrue, r.ranges.yTrue);
  check(r.yPred, r.ranges.yPred);
  if (r.sampleWeight) check(r.sampleWeight, (r.ranges.sampleWeight ?? []).map((x) => [x]));
}

function acceptsOrExplains(text: string): void {
  const r = attempt([{ text, line: 0, column: 0 }]);
  if (!(r instanceof InputError)) checkRanges(text, r);
}

// A grammar of near-valid selections: statements that assign arrays, in several syntaxes.
const scalar = fc.oneof(
  fc.double().map(String),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.constantFrom('1.', '.5', '1e-3', '-2.5E+1', '+3', 'nan', 'np.nan', "float('nan')", 'math.inf', '-inf', 'True', 'false', '"spam"', 'None', 'x'),
);
const row = fc.array(scalar, { maxLength: 5 }).map((xs) => `[${xs.join(', ')}]`);
const array = fc.oneof(
  row,
  fc.array(row, { maxLength: 3 }).map((rows) => `[${rows.join(',\n ')}]`),
  row.map((r) => `np.array(${r}, dtype=np.float32)`),
  row.map((r) => `torch.tensor(${r}, requires_grad=True)`),
  fc.array(scalar, { maxLength: 4 }).map((xs) => `(${xs.join(', ')},)`),
);
const target = fc.constantFrom('y_true =', 'y_pred =', 'logits =', 'sample_weight =', 'x =', 'self.labels =', 'const yTrue =', '"y_true":', 'w:', 'a, b =', 'loss(', 'y_true: list[float] =');
const statement = fc.tuple(target, array).map(([t, a]) => `${t} ${a}${t.endsWith('(') ? ')' : ''}`);
const program = fc.oneof(
  fc.array(statement, { maxLength: 4 }).map((s) => s.join('\n')),
  fc.array(statement, { maxLength: 3 }).map((s) => `{${s.join(', ')}}`),
  fc.array(fc.array(scalar, { maxLength: 5 }), { maxLength: 5 }).map((rows) => rows.map((r) => r.join(' ')).join('\n')),
  fc.array(fc.array(scalar, { minLength: 2, maxLength: 2 }), { maxLength: 5 }).map((rows) => `y_true,y_pred\n${rows.map((r) => r.join(',')).join('\n')}`),
);
const piece = fc.constantFrom('[', ']', '(', ')', '{', '}', ',', ',,', '"', "'", '"""', '`', '#', '//', '/*', '*/', '\n', '\r', '\r\n', '-', '.', 'e', 'nan', '=', ':', 'np.array(', 'float(', '\t', '\u2028', '\ufeff', '😀', '\\', '...', ' ', '0x', '1e', '_');
const corruption = fc.record({ at: fc.nat(), kind: fc.constantFrom('delete', 'insert', 'duplicate', 'truncate'), piece });
const nearValid = fc.tuple(program, fc.array(corruption, { maxLength: 4 })).map(([text, corruptions]) =>
  corruptions.reduce((t, c) => {
    const at = t.length === 0 ? 0 : c.at % (t.length + 1);
    if (c.kind === 'delete') return t.slice(0, at) + t.slice(at + 1);
    if (c.kind === 'insert') return t.slice(0, at) + c.piece + t.slice(at);
    if (c.kind === 'duplicate') return t.slice(0, at) + t.slice(at, at + 10) + t.slice(at);
    return t.slice(0, at);
  }, text),
);

describe('parseSelection: fuzzing', () => {
  it('any string gives a ParsedSelection or an InputError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), acceptsOrExplains), { numRuns: 500 });
  });

  it('any string of graphemes gives a ParsedSelection or an InputError', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), acceptsOrExplains), { numRuns: 300 });
  });

  it('any string of code points, lone surrogates and control characters included, gives a ParsedSelection or an InputError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), acceptsOrExplains), { numRuns: 300 });
  });

  it('near-valid array text with random corruptions gives a ParsedSelection or an InputError', () => {
    fc.assert(fc.property(nearValid, acceptsOrExplains), { numRuns: 1500 });
  });

  it('several selections of near-valid text, anywhere in a document', () => {
    const selection = fc.record({ text: nearValid, line: fc.nat({ max: 1000 }), column: fc.nat({ max: 200 }) });
    fc.assert(
      fc.property(fc.array(selection, { maxLength: 4 }), (texts) => {
        attempt(texts);
      }),
      { numRuns: 300 },
    );
  });

  // Durations are the bench's (`npm run bench -- --selection`), never a test's: a loaded machine is no failure.
  it('pathological nesting and sizes never overflow the stack', () => {
    const cases = [
      '['.repeat(100_000),
      '['.repeat(50_000) + ']'.repeat(50_000),
      'y = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000),
      'y = ' + 'f('.repeat(50_000) + '[1]' + ')'.repeat(50_000),
      'y = [' + '(1, '.repeat(10_000) + '1' + ')'.repeat(10_000) + ']',
      'y = ' + 'np.array('.repeat(10_000) + '[1]' + ')'.repeat(10_000),
      'x = [' + '-'.repeat(100_000) + '1]',
      '"'.repeat(100_001),
      '/*'.repeat(50_000),
      'a, '.repeat(30_000) + 'b = 1',
    ];
    for (const text of cases) attempt([{ text, line: 0, column: 0 }]);
  });
});

describe('parseSelection: round trips', () => {
  // Arrays of doubles as people write them: String(x) gives 0.1, -2e-7, 1e+21, NaN, Infinity, -Infinity.
  const pair = fc.integer({ min: 1, max: 12 }).chain((n) =>
    fc.tuple(fc.array(fc.double(), { minLength: n, maxLength: n }), fc.array(fc.double(), { minLength: n, maxLength: n })),
  );
  const syntaxes: Record<string, (a: string[], b: string[]) => string | SelectionText[]> = {
    JSON: (a, b) => `{"y_true": [${a.join(', ')}], "y_pred": [${b.join(', ')}]}`,
    'Python np.array': (a, b) => `y_true = np.array([${a.join(', ')}])\ny_pred = np.array([${b.join(', ')}], dtype=np.float32)`,
    'JS const': (a, b) => `const yTrue = [${a.join(', ')}];\nconst yPred = [\n  ${b.join(',\n  ')},\n];`,
    'plain lines': (a, b) => `${a.join(' ')}\n${b.join('\t')}`,
    'printed NumPy': (a, b) => `[${a.join(' ')}]\n[${b.join(' ')}]`,
    CSV: (a, b) => `y_true,y_pred\n${a.map((x, i) => `${x},${b[i]}`).join('\n')}`,
    // In a document "labels = […]\nprobs = …": the first text starts at column 9 of line 0.
    'two selections': (a, b) => [
      { text: `[${a.join(', ')}]`, line: 0, column: 9 },
      { text: b.join(' '), line: 1, column: 8 },
    ],
  };
  const prefixes = ['labels = ', 'probs = '];

  for (const [syntax, render] of Object.entries(syntaxes)) {
    it(`${syntax}: the same numbers, the same count, and ranges that cover each number`, () => {
      fc.assert(
        fc.property(pair, ([xs, ys]) => {
          const a = xs.map(String);
          const b = ys.map(String);
          const rendered = render(a, b);
          const texts = typeof rendered === 'string' ? [{ text: rendered, line: 0, column: 0 }] : rendered;
          const document = texts.map((t, k) => (t.column > 0 ? prefixes[k] : '') + t.text).join('\n');
          const r = parseSelection(texts);
          assert.equal(r.yTrue.length, a.length);
          assert.equal(r.yPred.length, b.length);
          const lines = linesOf(document);
          const check = (values: ArrayLike<unknown>, ranges: SourceRange[][], written: string[]) =>
            written.forEach((w, i) => {
              assert.ok(Object.is(values[i], Number(w)), `${String(values[i])} !== ${w}`);
              const range = ranges[i][0];
              assert.equal(lines[range.line].substr(range.column, range.length), w);
            });
          check(r.yTrue, r.ranges.yTrue, a);
          check(r.yPred, r.ranges.yPred, b);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('2-D arrays (batch × labels) round-trip in Python and JSON', () => {
    const matrix = fc.integer({ min: 1, max: 4 }).chain((k) => fc.array(fc.array(fc.double(), { minLength: k, maxLength: k }), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(matrix, (m) => {
        const written = m.map((r) => r.map(String));
        const literal = `[${written.map((r) => `[${r.join(', ')}]`).join(',\n ')}]`;
        for (const text of [`y_true = np.array(${literal})\ny_pred = ${literal}`, `{"labels": ${literal}, "probs": ${literal}}`]) {
          const r = parseSelection([{ text, line: 0, column: 0 }]);
          const lines = linesOf(text);
          written.forEach((row, i) =>
            row.forEach((w, j) => {
              assert.ok(Object.is((r.yTrue[i] as number[])[j], Number(w)));
              assert.ok(Object.is((r.yPred[i] as number[])[j], Number(w)));
              const range = r.ranges.yPred[i][j];
              assert.equal(lines[range.line].substr(range.column, range.length), w);
            }),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a 1 MB selection parses whole: every value, in order', () => {
    const n = 70_000;
    const labels = Array.from({ length: n }, (_, i) => i % 2);
    const probs = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000 + 1e-7);
    const text = `y_true = np.array([${labels.join(', ')}])\ny_pred = np.array([${probs.join(', ')}], dtype=np.float32)`;
    assert.ok(text.length > 1_000_000);
    const r = parseSelection([{ text, line: 0, column: 0 }]);
    // Runs of numbers come back as Float64Arrays.
    assert.ok(r.yTrue instanceof Float64Array && r.yPred instanceof Float64Array);
    assert.deepEqual(Array.from(r.yTrue), labels);
    assert.deepEqual(Array.from(r.yPred), probs);
  });
});

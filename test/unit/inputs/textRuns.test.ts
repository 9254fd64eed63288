/**
 * The fast path for brackets of numbers (numberRun.ts): the same values, bit for bit, and the same
 * places as the token-by-token path, whose result a comment before the `]` forces (a comment is
 * dropped by the tokenizer, so the two texts mean the same and every number keeps its place).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BceError, computeLoss, useWasmKernels } from '../../../src/core';
import { InputError } from '../../../src/inputs/inputError';
import { lazyArray } from '../../../src/inputs/text/lazyArray';
import { numberValue } from '../../../src/inputs/text/numberSyntax';
import { MIN_RUN } from '../../../src/inputs/text/numberRun';
import { parseSelection, type ParsedSelection, type SourceRange } from '../../../src/inputs/text/parseSelection';
import { tokenize } from '../../../src/inputs/text/tokenizer';
import { runScanner } from '../../../src/inputs/text/wasmRunScanner';

const COMMENT = '/**/';

/**
 * The text with a comment before every `]`, which makes the token path read each bracket, and a
 * map from its places back to the original's (each comment shifts what follows on its line).
 */
function tokenByToken(text: string): { text: string; back: (line: number, column: number) => number } {
  const shifts: number[][] = [];
  let line = 0;
  let column = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ']') {
      (shifts[line] ??= []).push(column + COMMENT.length);
      out += COMMENT;
      column += COMMENT.length;
    }
    out += c;
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      column = 0;
    } else column++;
  }
  const back = (l: number, col: number) => col - COMMENT.length * (shifts[l] ?? []).filter((at) => at <= col).length;
  return { text: out, back };
}

function outcome(text: string, back = (_line: number, column: number) => column): unknown {
  let r: ParsedSelection;
  try {
    r = parseSelection([{ text, line: 0, column: 0 }]);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { detail: e.detail, line: e.place.line, column: back(e.place.line - 1, e.place.column - 1) + 1 };
  }
  const bits = (xs: ArrayLike<unknown>): unknown => Array.from(xs, (x) => (Array.isArray(x) ? bits(x) : Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x));
  const range = (x: SourceRange) => ({ ...x, column: back(x.line, x.column) });
  const ranges = (rows: readonly (readonly SourceRange[])[]) => Array.from({ length: rows.length }, (_, i) => Array.from(rows[i], range));
  let loss: unknown;
  try {
    // The core reads what each path gives (a Float64Array from a run, an array from tokens) alike.
    loss = bits([computeLoss(r, { semantics: 'keras', fromLogits: 'auto', labelSmoothing: 0, dtype: 'float64' }).loss].flat());
  } catch (e) {
    if (!(e instanceof BceError)) throw e;
    loss = e.message;
  }
  return {
    loss,
    yTrue: bits(r.yTrue),
    yPred: bits(r.yPred),
    sampleWeight: r.sampleWeight && bits(r.sampleWeight),
    ranges: { yTrue: ranges(r.ranges.yTrue), yPred: ranges(r.ranges.yPred), sampleWeight: r.ranges.sampleWeight && Array.from(r.ranges.sampleWeight, range) },
    names: r.names,
    fromLogits: r.fromLogits,
  };
}

// Numbers as people and printers write them, with the separators NumPy and the languages allow.
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x.toFixed(6)),
  fc.constantFrom('1.', '.5', '1e-3', '-2.5E+1', '+3', '- 4', '0x1f', '1_000', '0.1000000000000000055511151231257827', '123456789012345678', '-0', '00.5', '1e400', '1e-400', '9007199254740993'),
  fc.constantFrom('0.1_5', '1_0e-1_0', '7E2', '0.10000000149011612', '2.220446049250313e-16', '4.9e-324', '1.7976931348623157e308'),
);
/** Elements the fast path leaves to the tokens: the whole bracket is then read token by token. */
const special = fc.constantFrom("float('nan')", 'float("inf")', 'np.inf', '-np.inf', 'math.nan', 'True', 'False', 'nan', '-inf', 'Infinity');
const separator = fc.constantFrom(', ', ',', ' ', '  ', ',\n ', '\n', '\r\n', '\t', ' ,');
const row = fc.tuple(fc.array(fc.tuple(number, separator), { minLength: 1, maxLength: 24 }), fc.constantFrom('', ',', ' ', '\n'), fc.constantFrom('', ' ', '\n'))
  .map(([items, trailing, lead]) => `[${lead}${items.map(([x, s], i) => (i === items.length - 1 ? x : x + s)).join('')}${trailing}]`);
/** A row with one special element among the numbers. */
const mixed = fc.tuple(row, special).map(([r, x]) => r.replace('[', `[${x}, `));
const program = fc.oneof(
  fc.tuple(mixed, row).map(([a, b]) => `y_true = ${a}\ny_pred = np.array(${b})`),
  fc.tuple(row, row, row).map(([a, b, c]) => `y_true = np.array([${a}, ${a}])\ny_pred = np.array([${b}, ${b}], dtype=np.float32)\nsample_weight = ${c}`),
  fc.tuple(row, mixed).map(([a, b]) => `labels = torch.tensor([${a}, ${a}, ${a}])\nlogits = torch.tensor(data=[${b}, ${b}, ${b}])`),
  fc.tuple(row, row).map(([a, b]) => `y_true = np.array(${a})\ny_pred = ${b}`),
  fc.tuple(row, row, row).map(([a, b, c]) => `loss(${a}, ${b}, ${c})`),
  fc.tuple(row, row).map(([a, b]) => `{"labels": [${a}, ${a}], "probs": [${b}, ${b}]}`),
  fc.tuple(row, row).map(([a, b]) => `labels = ${a}\nprobs = [${b}, ${b}]`),
  fc.tuple(row, row).map(([a, b]) => `y_true = ${a}\ny_pred = ${b}\nsample_weight = ${a}`),
  fc.tuple(row, row).map(([a, b]) => `x = [${a}]\ny = ${b}[0]\nz = [[[${a}]]]`),
);

describe('parseSelection: brackets of numbers', () => {
  it('the fast path reads what the token path reads: values, places, and errors', () => {
    fc.assert(
      fc.property(program, (text) => {
        const reference = tokenByToken(text);
        assert.deepEqual(outcome(text), outcome(reference.text, reference.back));
      }),
      { numRuns: 600 },
    );
  });

  it('takes brackets of MIN_RUN numbers or more, and leaves anything else to the token path', () => {
    const kinds = (text: string) => tokenize(text, { line: 0, column: 0 }).tokens.map((t) => t.kind);
    const long = `[${Array.from({ length: MIN_RUN }, (_, i) => i).join(', ')}]`;
    assert.deepEqual(kinds(long), ['punct', 'numbers', 'punct']);
    assert.ok(!kinds(`[${Array.from({ length: MIN_RUN - 1 }, (_, i) => i).join(', ')}]`).includes('numbers'));
    for (const inside of ['1, 2,, 3', '1, x', '1 # note\n', '1.5f', '"1"', '[1]', '1, nan', '-\n1', '--1', '1e']) {
      assert.ok(!kinds(long.replace('[', `[${inside}, `)).includes('numbers'), inside);
    }
  });

  it('a run in a doctest is read token by token (prompts start its lines)', () => {
    const text = `>>> y_true = [0, 1, 0, 1,\n...           0, 1, 0, 1]\n>>> y_pred = [0.1, 0.9, 0.2, 0.8,\n...           0.3, 0.7, 0.4, 0.6]`;
    const r = parseSelection([{ text, line: 0, column: 0 }]);
    assert.deepEqual(r.yTrue, [0, 1, 0, 1, 0, 1, 0, 1]);
    assert.deepEqual(r.ranges.yPred[4], [{ line: 3, column: 14, length: 3 }]);
  });

  it('its places are the document places of each element, on any line, after the text\'s start', () => {
    const text = 'y_true = [0, 1, 0, 1,\r\n  1, 0, 1, -\t1]\ny_pred = [0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6]';
    const r = parseSelection([{ text, line: 10, column: 4 }]);
    assert.deepEqual(r.ranges.yTrue[0], [{ line: 10, column: 14, length: 1 }]);
    assert.deepEqual(r.ranges.yTrue[7], [{ line: 11, column: 11, length: 3 }]);
    assert.deepEqual(r.ranges.yPred[7], [{ line: 12, column: 45, length: 3 }]);
    assert.equal(r.yTrue[7], -1);
  });
});

/** The outcome with the WebAssembly reader turned off: numberRun.ts's loop reads every element. */
function withoutWasm(text: string): unknown {
  useWasmKernels(false);
  try {
    return outcome(text);
  } finally {
    useWasmKernels(true);
  }
}

// Long brackets: past the loop's first 64 elements, the WebAssembly reader (wasm/numberRun.as.ts)
// reads them from windows of 2048 characters and more.
const longNumber = fc.oneof(
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map(String), weight: 4 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), weight: 2 },
  { arbitrary: fc.integer({ min: -1000, max: 1000 }).map(String), weight: 2 },
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x.toPrecision(17)), weight: 1 },
  {
    arbitrary: fc.constantFrom('1e-7', '2.5E+3', '-0', '+3', '- 4', '-\t.5', '5.', '.5', '1_000', '0x1f', '0.40500010000000003', '0.9440000999999999', '123456789012345678',
      '1.2345678901234567e-05', '0.1000000000000000055511151231257827', '1e400', '1e-400', '1e22', '1e23', '0.000000000000000000001', '9007199254740993'),
    weight: 1,
  },
);
const longSeparator = fc.constantFrom(', ', ',', ' ', ',\n ', '\n', '\r\n', '\r', '\t', ' ,', ',\r\n  ');
const longRow = fc.array(fc.tuple(longNumber, longSeparator), { minLength: 60, maxLength: 700 }).map((items) => `[${items.map(([x, sep], i) => (i === items.length - 1 ? x : x + sep)).join('')}]`);
/** Text that is no number, around or inside a bracket: non-ASCII, a name, an error. */
const around = fc.constantFrom('', '# é ü 中文 😀\n', '"naïve" ', '// ∑ ✓\r\n');
const longProgram = fc.oneof(
  fc.tuple(longRow, longRow, around).map(([a, b, c]) => `${c}y_true = np.array(${a})\n${c}y_pred = np.array(${b}, dtype=np.float32) ${c}`),
  fc.tuple(longRow, longRow).map(([a, b]) => `labels = torch.tensor([${a}, ${a}])\nlogits = torch.tensor([${b}, ${b}])  # ∞`),
  fc.tuple(longRow, longRow, fc.constantFrom('nan', 'é', 'x', ',,', '1.5f', '[1]')).map(([a, b, odd]) => {
    const k = b.indexOf(', ', b.length >> 1);
    return `y_true = ${a}\ny_pred = ${k < 0 ? b : `${b.slice(0, k)}, ${odd}${b.slice(k)}`}`;
  }),
);

describe('parseSelection: long brackets, read by WebAssembly', () => {
  it('runs here (Node has WebAssembly), so the cases below compare two paths', () => {
    assert.ok(runScanner());
  });

  it('reads what the JavaScript loop and the token path read: values, places and errors', () => {
    fc.assert(
      fc.property(longProgram, (text) => {
        const read = outcome(text);
        assert.deepEqual(read, withoutWasm(text));
        const reference = tokenByToken(text);
        assert.deepEqual(read, outcome(reference.text, reference.back));
      }),
      { numRuns: 120 },
    );
  });

  it('an element or a line break cut by a window edge is read whole, at every offset', () => {
    // The reader starts after the 64th element; its first window ends 2048 characters later.
    const odd = ['0.40500010000000003', '- \t1.5e-7', '1e+22', '2.5E-3', '\r\n', '\r', '1_000', '0x1f', '-0', '.5', '5.', '123456789012345678', '1.2345678901234567e-05', ',,', '1.5f', 'é', '12345'];
    const head = Array.from({ length: 64 }, (_, i) => String(i % 2)).join(', ');
    for (const element of odd) {
      for (let shift = 0; shift < 24; shift++) {
        const filler = '0.25, '.repeat(338) + ' '.repeat(shift);
        const text = `y_true = [${head}, ${filler}${element}, ${'0.5, '.repeat(40)}1]\ny_pred = [${head}, ${filler}${element}, ${'0.5, '.repeat(40)}1]`;
        const read = outcome(text);
        assert.deepEqual(read, withoutWasm(text), `${JSON.stringify(element)} shifted ${shift}`);
        const reference = tokenByToken(text);
        assert.deepEqual(read, outcome(reference.text, reference.back), `${JSON.stringify(element)} shifted ${shift}`);
      }
    }
  });

  it('probabilities of up to 20 decimals, near the midpoints between doubles too, are the doubles Number() gives', () => {
    /** The first `k` decimals of the exact midpoint between x and the next double up, and the same plus one in the last place. */
    const nearMidpoint = (x: number, k: number): string[] => {
      const bits = new DataView(new ArrayBuffer(8));
      bits.setFloat64(0, x);
      const word = bits.getBigUint64(0);
      const exponent = Number((word >> 52n) & 0x7ffn);
      const mantissa = (word & ((1n << 52n) - 1n)) | (1n << 52n);
      // x = mantissa · 2^(exponent − 1075); the midpoint is (2·mantissa + 1) · 2^(exponent − 1076).
      const shift = BigInt(1076 - exponent);
      const scaled = ((2n * mantissa + 1n) * 10n ** BigInt(k)) >> shift;
      const digits = (n: bigint) => `0.${n.toString().padStart(k, '0')}`;
      return [digits(scaled), digits(scaled + 1n)];
    };
    const literal = fc.oneof(
      fc.tuple(fc.double({ min: 1e-6, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 17, max: 20 })).chain(([x, k]) => fc.constantFrom(...nearMidpoint(x, k))),
      fc.tuple(fc.integer({ min: 0, max: 6 }), fc.string({ unit: fc.constantFrom('0', '1', '4', '5', '9'), minLength: 1, maxLength: 18 })).map(([zeros, d]) => `0.${'0'.repeat(zeros)}${d}`.slice(0, 22)),
      fc.double({ min: 1e-4, max: 1e-2, noNaN: true }).map(String),
    );
    fc.assert(
      fc.property(fc.array(literal, { minLength: 70, maxLength: 300 }), (xs) => {
        const r = parseSelection([{ text: `y_true = [${xs.map(() => 1).join(', ')}]\ny_pred = [${xs.join(', ')}]`, line: 0, column: 0 }]);
        xs.forEach((x, i) => assert.ok(Object.is((r.yPred as Float64Array)[i], Number(x)), x));
      }),
      { numRuns: 300 },
    );
  });

  it('a bad element deep in a long bracket is named at its line and column', () => {
    const text = `y_true = [${'0, 1, '.repeat(5000)}\n  0, 1, 0x, 1]\ny_pred = [${'0.5, '.repeat(10002)}0.5]`;
    assert.throws(
      () => parseSelection([{ text, line: 0, column: 0 }]),
      (e: unknown) => e instanceof InputError && e.place.line === 2 && e.place.column === 9,
    );
  });
});

describe('numberValue', () => {
  it('equals Number() of the literal bit for bit', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9'), minLength: 1, maxLength: 20 });
    const literal = fc
      .tuple(digits, fc.option(fc.string({ unit: fc.constantFrom('0', '3', '7', '9'), maxLength: 20 })), fc.option(fc.tuple(fc.constantFrom('e', 'E', 'e-', 'e+'), fc.integer({ min: 0, max: 400 }))))
      .map(([int, fraction, exponent]) => `${int}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : `${exponent[0]}${exponent[1]}`}`);
    const check = (text: string) => assert.ok(Object.is(numberValue(` ${text},`, 1, text.length + 1), Number(text)), text);
    fc.assert(fc.property(literal, check), { numRuns: 5000 });
    fc.assert(fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (x) => check(String(x))), { numRuns: 5000 });
    for (const text of ['0', '5.', '.5', '0.1', '9007199254740993', '999999999999999', '1e22', '1e23', '123456789012345e-22', '4.35', '0x1f', '0b101', '0o17']) check(text);
    assert.equal(numberValue('1_000.5', 0, 7), 1000.5);
  });
});

describe('lazyArray', () => {
  it('reads as an array: index, length, iteration, methods, spread, JSON and deep equality', () => {
    let made = 0;
    const a = lazyArray(3, (i) => {
      made++;
      return { i };
    });
    assert.equal(made, 0);
    assert.ok(Array.isArray(a));
    assert.equal(a.length, 3);
    assert.deepEqual(a[1], { i: 1 });
    assert.equal(a[3], undefined);
    assert.equal(a[-1], undefined);
    assert.deepEqual([...a], [{ i: 0 }, { i: 1 }, { i: 2 }]);
    assert.deepEqual(a.map((x) => x.i), [0, 1, 2]);
    assert.deepEqual(a, [{ i: 0 }, { i: 1 }, { i: 2 }]);
    assert.notDeepEqual(a, [{ i: 0 }, { i: 1 }]);
    assert.equal(JSON.stringify(a), '[{"i":0},{"i":1},{"i":2}]');
    assert.ok(1 in a && !(3 in a));
    assert.throws(() => {
      'use strict';
      (a as { i: number }[])[0] = { i: 9 };
    }, TypeError);
  });
});

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BceError, computeLoss } from '../../../src/core';
import { computeFileLoss, type FileLossResult } from '../../../src/inputs/files';
import { InputError } from '../../../src/inputs/inputError';
import { scanNumber, scannedEnd } from '../../../src/inputs/files/number';
import { keras, source, torch } from './filesHelpers';

/** Runs the reader; returns the result or the typed error, and fails on any other exception. */
async function attempt(bytes: Uint8Array, chunk: number, onInvalid: 'error' | 'skip'): Promise<FileLossResult | InputError | BceError> {
  try {
    return await computeFileLoss(source(bytes, 'fuzz.csv', chunk), { variants: [keras, torch], format: 'csv', onInvalid });
  } catch (e) {
    if (e instanceof InputError) {
      assert.ok(Number.isInteger(e.place.line) && e.place.line >= 1 && Number.isInteger(e.place.column) && e.place.column >= 1, e.message);
      return e;
    }
    if (e instanceof BceError) return e;
    throw new Error(`not an InputError or BceError: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

const csvish = fc.constantFrom(...'0123456789.,,,-+eE"\r\n\n\n\t ;yY_truepdTF\uFEFF'.split(''));

describe('data files: fuzzing the CSV reader', () => {
  it('any bytes give a result or a typed error, never another exception', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.array(csvish, { maxLength: 200 }).map((cs) => new TextEncoder().encode(cs.join('')))),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        async (bytes, chunk, skip) => {
          const header = new TextEncoder().encode('y_true,y_pred\n');
          for (const input of [bytes, concat(header, bytes)]) {
            const r = await attempt(input, chunk, skip ? 'skip' : 'error');
            if (!(r instanceof Error)) {
              assert.ok(r.rows >= 0 && r.invalidRows >= 0);
              for (const x of r.results) if (x.ok) assert.equal(x.result.n, r.rows);
            }
          }
        },
      ),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it('valid CSVs give exactly their rows and computeLoss’s value, however written and cut', async () => {
    const label = fc.constantFrom(0, 1);
    const prob = fc.double({ min: 0, max: 1, noNaN: true });
    const writeNumber = (x: number, style: number) =>
      [String(x), x.toPrecision(17), x.toExponential(), ` ${x} `, `"${x}"`, x === 0 ? '0.0' : x === 1 ? '1.0' : String(x)][style];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(label, prob, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.integer({ min: 1, max: 50 }),
        async (rows, eol, blankLines, chunk) => {
          const lines = ['y_true,y_pred'];
          rows.forEach(([y, p, ys, ps], i) => {
            lines.push(`${writeNumber(y, ys)},${writeNumber(p, ps)}`);
            if (blankLines && i % 7 === 3) lines.push('');
          });
          const text = lines.join(eol) + (rows.length % 2 ? eol : '');
          const r = await attempt(new TextEncoder().encode(text), chunk, 'error');
          if (r instanceof Error) assert.fail(r.message);
          assert.equal(r.rows, rows.length);
          assert.equal(r.invalidRows, 0);
          const expected = computeLoss({ yTrue: rows.map((x) => x[0]), yPred: rows.map((x) => x[1]) }, keras).loss as number;
          const got = r.results[0];
          assert.ok(got.ok);
          assert.ok(Math.abs((got.result.loss as number) - expected) <= 1e-13 * Math.abs(expected) + 1e-300, `${got.result.loss} vs ${expected}`);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it('the byte number scanner agrees with parseFloat on every number it accepts', () => {
    const enc = new TextEncoder();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
          fc.double({ min: 0, max: 1, noNaN: true }).chain((x) => fc.integer({ min: 1, max: 21 }).map((d) => x.toPrecision(d))),
          fc.tuple(fc.stringMatching(/^[0-9]{1,22}$/), fc.stringMatching(/^[0-9]{0,22}$/), fc.integer({ min: -30, max: 30 })).map(([a, b, e]) => `${a}.${b}e${e}`),
          fc.stringMatching(/^[-+]?[0-9]{0,20}\.?[0-9]{0,20}$/),
          // Halfway between two neighbouring doubles in [0, 1), written with 17–20 digits: the hardest cases.
          fc.tuple(fc.double({ min: 1e-6, max: 0.999, noNaN: true }), fc.integer({ min: 17, max: 20 })).map(([x, digits]) => {
            const bits = new BigUint64Array(new Float64Array([x]).buffer);
            bits[0] += 1n;
            const next = new Float64Array(bits.buffer)[0];
            return (x / 2 + next / 2).toPrecision(digits);
          }),
        ),
        (text) => {
          const b = enc.encode(text + '\n');
          const v = scanNumber(b, 0, b.length);
          if (Number.isNaN(v)) return;
          assert.ok(Object.is(v, parseFloat(text)), `${text}: ${v} vs ${parseFloat(text)}`);
          assert.equal(scannedEnd(), text.length);
        },
      ),
      { numRuns: 20000, seed: 11 },
    );
  });
});

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The snappy decoder of Parquet pages (src/inputs/files/snappy.ts) against two independent
 * encoders: Google's C++ snappy (hysnappy's WebAssembly build) and snappyjs's JavaScript port
 * (hyparquet-writer's). Data of every shape a page holds: random doubles (long literals),
 * repeated bytes and short periods (overlapping copies), dictionary-like indices, text.
 * Damaged streams throw and never write past the page.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { snappyCompress as snappyCpp } from 'hysnappy';
import { snappyInto } from '../../../src/inputs/files/snappy';

// Its types are out of reach of this moduleResolution, as in files.findings.test.ts.
const { snappyCompress: snappyJs } = require('hyparquet-writer/src/snappy.js') as { snappyCompress: (input: Uint8Array) => Uint8Array };

function decode(compressed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  snappyInto(compressed, out);
  return out;
}

/** Bytes of the shapes Parquet pages hold, from a seed. */
function shaped(seed: number, n: number): Uint8Array {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    const kind = Math.floor(next() * 4);
    const len = Math.min(n - i, 1 + Math.floor(next() * 3000));
    if (kind === 0) for (let k = 0; k < len; k++) out[i + k] = next() * 256;
    else if (kind === 1) out.fill(next() * 256, i, i + len);
    else if (kind === 2) {
      const period = 1 + Math.floor(next() * 12);
      for (let k = 0; k < len; k++) out[i + k] = k < period ? next() * 256 : out[i + k - period];
    } else {
      const far = Math.floor(next() * i);
      for (let k = 0; k < len; k++) out[i + k] = out[far + (k % Math.max(1, i - far))];
    }
    i += len;
  }
  return out;
}

describe('snappy pages', () => {
  it('decodes what the C++ and the JavaScript encoders wrote, byte for byte', () => {
    const doubles = new Uint8Array(Float64Array.from({ length: 122_880 }, (_, k) => Math.sin(k) * 0.5 + 0.5).buffer);
    const cases = [new Uint8Array(0), Uint8Array.of(7), doubles, new Uint8Array(70_000).fill(1), ...[1, 2, 3, 4, 5, 6, 7, 8].map((seed) => shaped(seed, 50_000 * seed))];
    for (const data of cases) {
      for (const encode of [snappyCpp, snappyJs]) assert.deepEqual(decode(encode(data), data.length), data, `${data.length} bytes by ${encode === snappyCpp ? 'C++' : 'JavaScript'} snappy`);
    }
  });

  it('random shapes and lengths (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 20_000 }), (seed, n) => {
        const data = shaped(seed, n);
        assert.deepEqual(decode(snappyCpp(data), n), data);
      }),
      { numRuns: 200 },
    );
  });

  it('a length other than the page header says, a cut stream and a copy from before the start throw', () => {
    const data = shaped(9, 10_000);
    const packed = snappyCpp(data);
    assert.throws(() => decode(packed, data.length + 1), /the snappy data holds 10000 bytes, the page header says 10001/);
    for (const cut of [0, 1, 2, packed.length >> 1, packed.length - 1]) assert.throws(() => decode(packed.subarray(0, cut), data.length), Error, `cut at ${cut}`);
    // 4 bytes declared, then a copy of 4 bytes from 1 back with nothing written yet.
    assert.throws(() => decode(Uint8Array.of(4, 0x01, 0x01), 4), /a snappy copy from 1 bytes back, at byte 0/);
  });

  it('damaged bytes throw or fill the page, never more (property)', () => {
    const data = shaped(11, 20_000);
    const packed = snappyJs(data);
    fc.assert(
      fc.property(fc.nat({ max: packed.length - 1 }), fc.nat({ max: 255 }), (at, value) => {
        const bad = packed.slice();
        bad[at] = value;
        const out = new Uint8Array(data.length + 16);
        try {
          snappyInto(bad, out.subarray(0, data.length));
        } catch (e) {
          assert.ok(e instanceof Error);
        }
        assert.ok(out.subarray(data.length).every((b) => b === 0), 'nothing written past the page');
      }),
      { numRuns: 500 },
    );
  });
});

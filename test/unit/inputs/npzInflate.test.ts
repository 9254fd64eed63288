/**
 * Deflated .npz members are inflated a slice at a time and held to the size the zip declares: a
 * member of zeros no longer becomes one buffer of its whole inflated size, and a member that
 * inflates past its declared size is refused as it does (issue 11, item 6).
 */
import * as assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { computeFileLoss } from '../../../src/inputs/files';
import { inflateChunks, InflateError } from '../../../src/inputs/files/inflateStream';
import { inputErrorOf, keras, npy, npz, source } from './filesHelpers';

/** The zip with `member`'s declared uncompressed size (local header and central directory) set to `size`. */
function declare(zip: Uint8Array, member: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const name = new TextEncoder().encode(member);
  const named = (at: number, nameAt: number) => name.every((c, k) => out[at + nameAt + k] === c);
  for (let i = 0; i + 46 < out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && view.getUint16(i + 26, true) === name.length && named(i, 30)) view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50 && view.getUint16(i + 28, true) === name.length && named(i, 46)) view.setUint32(i + 24, size, true);
  }
  return out;
}

const members = () => ({
  'y_true.npy': npy({ descr: '<f8', shape: [4], values: [0, 1, 1, 0] }),
  'y_pred.npy': npy({ descr: '<f8', shape: [4], values: [0.25, 0.75, 0.5, 0.125] }),
});

describe('.npz: deflated members held to their declared size', () => {
  it('reads members whose sizes agree', async () => {
    const r = await computeFileLoss(source(npz(members()), 'ok.npz'), { variants: [keras] });
    assert.equal(r.rows, 4);
  });

  it('refuses a member that inflates past its declared size, naming it', async () => {
    const zip = declare(npz(members()), 'y_pred.npy', 100);
    assert.match((await inputErrorOf(computeFileLoss(source(zip, 'bomb.npz'), { variants: [keras] }))).message, /^bomb\.npz:1:1: y_pred\.npy: inflates to more than the 100 bytes its zip header declares$/);
  });

  it('refuses a stored member whose sizes disagree', async () => {
    const zip = declare(npz(members(), ['y_pred.npy']), 'y_pred.npy', 1 << 30);
    assert.match((await inputErrorOf(computeFileLoss(source(zip, 'stored.npz'), { variants: [keras] }))).message, /y_pred\.npy: a stored member of \d+ bytes, but the zip header declares 1073741824 uncompressed/);
  });
});

describe('inflating a slice at a time', () => {
  const size = 64 << 20;
  const zeros = deflateRawSync(new Uint8Array(size)); // 64 MiB of zeros: about 64 KB deflated

  it('never yields more than about 1 MiB at once, even from one large compressed chunk', async () => {
    let total = 0;
    let largest = 0;
    for await (const chunk of inflateChunks([zeros], zeros.length, size)) {
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
    }
    assert.equal(total, size);
    assert.ok(largest <= 2 << 20, `a chunk of ${largest} bytes`);
  });

  it('stops at the declared size, and says when the stream ends short of it', async () => {
    await assert.rejects(
      (async () => {
        for await (const chunk of inflateChunks([zeros], zeros.length, 1000)) void chunk;
      })(),
      (e: unknown) => e instanceof InflateError && /more than the 1000 bytes/.test(e.message),
    );
    await assert.rejects(
      (async () => {
        for await (const chunk of inflateChunks([zeros], zeros.length, size + 1)) void chunk;
      })(),
      (e: unknown) => e instanceof InflateError && /inflates to 67108864 bytes, but its zip header declares 67108865/.test(e.message),
    );
  });
});

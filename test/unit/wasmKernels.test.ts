import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '../..');

describe('WebAssembly kernels', () => {
  it('each generated module is built from its AssemblyScript source (none is stale)', async function () {
    this.timeout(60000);
    const { compile, moduleText, kernelSources } = require(join(root, 'scripts/build-wasm.js')) as {
      compile(file: string): Promise<Buffer>;
      moduleText(source: string, bytes: Buffer): string;
      kernelSources(): string[];
    };
    const sources = kernelSources();
    assert.deepEqual(
      sources.map((f) => relative(root, f)),
      ['src/core/wasm/hardLabels.as.ts', 'src/inputs/files/wasm/pairScan.as.ts', 'src/inputs/text/wasm/numberRun.as.ts'],
    );
    for (const source of sources) {
      const generated = readFileSync(source.replace(/\.as\.ts$/, 'Wasm.ts'), 'utf8');
      assert.equal(moduleText(source, await compile(source)), generated, `${relative(root, source)}: run npm run build:wasm`);
    }
  });
});

/**
 * What goes to the marketplace: the files `vsce ls` lists after a production build (exactly the
 * bundles, media, README, CHANGELOG, LICENSE and the manifest with its strings; no source maps,
 * no sources), their size, and facts of the manifest vsce or VS Code would refuse or mishandle.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FRAMEWORK_LIST } from '../../src/core';
import { USAGE } from '../../src/cli/args';
import { DATA_FILE_EXTENSIONS } from '../../src/inputs/files';
import { SAMPLES } from '../../src/host/sampleNames';

const root = path.resolve(__dirname, '../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Manifest {
  engines: { vscode: string };
  activationEvents?: string[];
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  keywords?: string[];
  main: string;
  browser?: string;
  extensionKind?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | string; restrictedConfigurations?: string[]; description?: string }; virtualWorkspaces?: boolean | { supported?: boolean } };
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    walkthroughs?: { id: string; steps: { id: string; description: string; media: { markdown?: string; image?: string } }[] }[];
  };
}

const manifest = JSON.parse(read('package.json')) as Manifest & Json;
const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;

/** The exact files allowed besides media/**. */
const FIXED = ['dist/extension.js', 'dist/lens.js', 'dist/range-worker.js', 'dist/web/extension.js', 'dist/webview.js', 'dist/webview.css', 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.json', 'package.nls.json'];
const OPTIONAL = new Set(['dist/uPlot.min.css']);

function version(v: string): number[] {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(v);
  assert.ok(m, `no version in ${v}`);
  return m.slice(1).map(Number);
}
function atLeast(a: number[], b: number[]): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** Every string value in the JSON, with its path. */
function strings(value: Json, at = ''): { at: string; value: string }[] {
  if (typeof value === 'string') return [{ at, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

describe('package: manifest', () => {
  it('engines.vscode is ^1.100.0 and not below @types/vscode', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    const types = JSON.parse(read('node_modules/@types/vscode/package.json')) as { version: string };
    assert.ok(atLeast(version(manifest.engines.vscode), version(types.version)), `engines.vscode ${manifest.engines.vscode} < @types/vscode ${types.version}`);
    assert.ok(!manifest.dependencies?.vscode, 'vscode must not be a dependency');
  });

  it('the menus on data files list exactly the readers\' extensions (and .txt)', () => {
    const whens = strings(manifest).filter(({ at, value }) => at.includes('.menus.') && value.includes('resourceExtname'));
    assert.ok(whens.length >= 3, `${whens.length} menus on data files`);
    const want = [...DATA_FILE_EXTENSIONS, 'txt'].sort();
    for (const { at, value } of whens) {
      const m = /\(([a-z0-9|]+)\)\$/.exec(value);
      assert.ok(m, `${at}: no list of extensions in ${value}`);
      assert.deepEqual(m[1].split('|').sort(), want, at);
    }
  });

  it('activates lazily: no "*" or onStartupFinished activation', () => {
    for (const e of manifest.activationEvents ?? []) assert.ok(e !== '*' && e !== 'onStartupFinished', `activation event ${e}`);
  });

  it('has a 128×128 PNG icon, a gallery banner, at most 30 keywords', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    const png = fs.readFileSync(path.join(root, 'media/icon.png'));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128, 'icon width');
    assert.equal(png.readUInt32BE(20), 128, 'icon height');
    assert.equal(manifest.galleryBanner?.color, '#0e1a33');
    assert.equal(manifest.galleryBanner?.theme, 'dark');
    assert.ok(manifest.keywords && manifest.keywords.length > 0 && manifest.keywords.length <= 30, `${manifest.keywords?.length} keywords`);
  });

  it('declares the web entry, the workspace kind and the workspace capabilities', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.browser, './dist/web/extension.js');
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    // Everything works untrusted but where a connection is read from: a workspace's own settings
    // could point Compute Loss in Database at another server, so there only user settings count.
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.deepEqual(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations, ['bceLens.database.connection']);
    assert.ok(nls[(manifest.capabilities?.untrustedWorkspaces?.description ?? '').replace(/^%|%$/g, '')], 'the limit is described in package.nls.json');
    assert.equal(manifest.capabilities?.virtualWorkspaces, true);
  });

  it('every command has a localised title and category that package.nls.json defines', () => {
    for (const c of manifest.contributes.commands) {
      const m = /^%(.+)%$/.exec(c.title);
      assert.ok(m, `${c.command}: title "${c.title}" is not a %key%`);
      assert.ok(nls[m[1]], `${c.command}: ${c.title} is not in package.nls.json`);
      assert.ok(c.category && /^%(.+)%$/.test(c.category) && nls[c.category.slice(1, -1)], `${c.command}: category ${c.category}`);
    }
  });

  it('every %key% in package.json resolves, and every key of package.nls.json is used', () => {
    const used = new Set<string>();
    for (const { at, value } of strings(manifest)) {
      const m = /^%(.+)%$/.exec(value);
      if (!m) continue;
      assert.ok(typeof nls[m[1]] === 'string' && nls[m[1]].trim() !== '', `${at}: ${value} is not in package.nls.json`);
      used.add(m[1]);
    }
    const unused = Object.keys(nls).filter((k) => !used.has(k));
    assert.deepEqual(unused, [], 'keys of package.nls.json that package.json does not use');
  });

  it('the semantics setting, its descriptions and the CLI help list the frameworks of the registry (npm run sync:manifest)', () => {
    const { expected } = require('../../scripts/sync-manifest.js') as { expected: () => { pkg: typeof manifest; nls: Record<string, string> } };
    const want = expected();
    const setting = (m: typeof manifest) => (m.contributes as unknown as { configuration: { properties: Record<string, unknown> } }).configuration.properties['bceLens.semantics'];
    assert.deepEqual(setting(manifest), setting(want.pkg), 'package.json differs from the registry: run npm run sync:manifest');
    assert.deepEqual(nls, want.nls, 'package.nls.json differs from the registry: run npm run sync:manifest');
    for (const fw of FRAMEWORK_LIST) assert.ok(USAGE.includes(`  ${fw.id} `) && USAGE.includes(fw.settingDescription), `--help lacks ${fw.id}`);
    const readme = read('README.md');
    for (const fw of FRAMEWORK_LIST) assert.ok(readme.includes(`| \`${fw.id}\` (`), `the README's Semantics table lacks ${fw.id}`);
  });

  it('the commands are those the activation registers (src/host/commands.ts), and the database settings repeat the engines\' facts', () => {
    const { COMMANDS } = require('../../src/host/commands') as { COMMANDS: Record<string, string> };
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    const props = (manifest.contributes as unknown as { configuration: { properties: Record<string, { default?: unknown; scope?: string }> } }).configuration.properties;
    const { ENGINE_TIMEOUT_SECONDS } = require('../../src/inputs/engines/sqlEngine') as { ENGINE_TIMEOUT_SECONDS: number };
    assert.equal(props['bceLens.database.timeoutSeconds'].default, ENGINE_TIMEOUT_SECONDS);
    assert.equal(props['bceLens.database.connection'].default, 'duckdb');
    // A path to a native module is the machine's to set: a workspace's settings cannot point the extension at one.
    assert.equal(props['bceLens.database.duckdbPath'].scope, 'machine');
    const { DUCKDB_PACKAGE } = require('../../src/inputs/engines/duckdbEngine') as { DUCKDB_PACKAGE: string };
    const devDependencies = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies;
    assert.equal(DUCKDB_PACKAGE, `@duckdb/node-api@${devDependencies['@duckdb/node-api']}`, 'the DuckDB the extension installs is the one the tests run');
    const { PG_PACKAGE } = require('../../src/inputs/engines/postgresEngine') as { PG_PACKAGE: string };
    assert.equal(PG_PACKAGE, `pg@${devDependencies.pg}`, 'the pg the extension installs is the one the tests run');
    assert.ok(nls['bceLens.database.duckdbPath.description'].includes(DUCKDB_PACKAGE), 'the duckdbPath setting names the tested version');
    assert.ok(read('README.md').includes(DUCKDB_PACKAGE) && read('README.md').includes(PG_PACKAGE), 'the README names the tested versions');
  });

  it('no user-facing text of contributes is left unlocalised', () => {
    const texty = /\.(title|description|enumDescriptions\[\d+\]|category|markdownDescription)$/;
    const plain = strings(manifest.contributes as unknown as Json, 'contributes').filter(({ at, value }) => texty.test(at) && !/^%.+%$/.test(value));
    assert.deepEqual(plain, []);
  });

  it('the walkthrough: its media exist, its command links name real commands and samples', () => {
    const walkthroughs = manifest.contributes.walkthroughs ?? [];
    assert.ok(walkthroughs.length > 0, 'no walkthrough');
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    const steps = walkthroughs.flatMap((w) => w.steps);
    assert.ok(steps.length >= 3, `${steps.length} steps`);
    for (const step of steps) {
      for (const media of [step.media.markdown, step.media.image]) if (media) assert.ok(fs.existsSync(path.join(root, media)), `${step.id}: ${media} missing`);
      const description = nls[step.description.slice(1, -1)];
      for (const m of description.matchAll(/\(command:([\w.]+)(?:\?([^)]*))?\)/g)) {
        const [, command, args] = m;
        assert.ok(commands.has(command) || command.startsWith('workbench.'), `${step.id}: unknown command ${command}`);
        if (command === 'bceLens.openSample') {
          const [name] = JSON.parse(decodeURIComponent(args ?? '[]')) as string[];
          assert.ok(fs.existsSync(path.join(root, 'samples', name)), `${step.id}: sample ${name} is not in samples/`);
        }
      }
    }
  });
});

describe('package: contents (vsce ls after a production build)', function () {
  this.timeout(180_000);
  let listed: string[] = [];
  /** The size of the .vsix vsce writes: the file users download. */
  let vsixBytes = 0;

  before(() => {
    // vsce package runs vscode:prepublish (the production build): the one build both checks read.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-lens-vsix-'));
    try {
      const vsix = path.join(folder, 'bce-lens.vsix');
      execFileSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsix], { cwd: root, stdio: 'pipe' });
      vsixBytes = fs.statSync(vsix).size;
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    const out = execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['vsce', 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    listed = out
      .split(/\r?\n/)
      .map((l) => l.trim().replace(/\\/g, '/'))
      .filter((l) => l !== '');
  });

  it('lists exactly the bundles, media/**, the docs and the manifest', () => {
    // Translations: package.nls.<lang>.json and l10n/bundle.l10n.<lang>.json beside the English ones.
    const translation = (f: string) => /^(package\.nls|l10n\/bundle\.l10n)\.[a-z]{2,3}(-[a-z0-9]+)*\.json$/i.test(f);
    const extra = listed.filter((f) => !FIXED.includes(f) && !OPTIONAL.has(f) && !translation(f) && !f.startsWith('media/') && !f.startsWith('dist/samples/'));
    assert.deepEqual(extra, [], 'files that must not be packaged');
    const missing = FIXED.filter((f) => !listed.includes(f));
    assert.deepEqual(missing, [], 'files missing from the package');
    for (const f of ['media/icon.png', 'media/panel.css']) assert.ok(listed.includes(f), `${f} not packaged`);
    // The samples Open Sample offers, from samples/ (their one source) into dist/samples/.
    for (const name of SAMPLES) assert.ok(listed.includes(`dist/samples/${name}`), `sample ${name} not packaged`);
    assert.deepEqual(listed.filter((f) => f.startsWith('dist/samples/')).sort(), SAMPLES.map((name) => `dist/samples/${name}`).sort(), 'dist/samples/ holds the samples and nothing else');
    assert.deepEqual(
      listed.filter((f) => f.endsWith('.map') || f.endsWith('.ts')),
      [],
      'no source maps or sources',
    );
  });

  it('the production build emits no source maps', () => {
    // Maps left by a development build are excluded by .vscodeignore; a fresh production build writes none.
    const bundles = ['dist/extension.js', 'dist/lens.js', 'dist/web/extension.js', 'dist/webview.js'];
    for (const b of bundles) assert.ok(!/sourceMappingURL=/.test(read(b)), `${b} points at a source map`);
  });

  it('packs into a .vsix under 1 MB', () => {
    // The rule is on the file users download (the zip), as the brief states it.
    const unpacked = listed.reduce((sum, f) => sum + fs.statSync(path.join(root, f)).size, 0);
    assert.ok(vsixBytes > 0 && vsixBytes < 1024 * 1024, `the .vsix is ${(vsixBytes / 1024).toFixed(0)} KiB (${(unpacked / 1024).toFixed(0)} KiB unpacked)`);
  });
});

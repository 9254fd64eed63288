// Builds the bundles: the extension host (node, cjs, `vscode` external: a small entry and the lens it
// loads on first use), the web extension host
// (browser, cjs, `vscode` external, no Node built-ins: vscode.dev / github.dev), the webview
// (browser, iife) and the CLI (node, with a shebang). No source maps in production. `--production` minifies, `--watch` rebuilds.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const version = require('./package.json').version;

/**
 * Prints errors in the form the esbuild problem matchers read (`$esbuild-watch`, from the
 * connor4312.esbuild-problem-matchers extension): `✘ [ERROR] message`, then `    file:line:column:`.
 * In watch mode the bundles rebuild in parallel: one `[watch] build started` when the first begins
 * and one `[watch] build finished` when the last ends, so the background task sees one build.
 */
let building = 0;
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch && building++ === 0) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch && --building === 0) console.log('[watch] build finished');
    });
  },
};

/** Fails the web build when anything imports a Node built-in (fs, node:crypto, …). */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    const builtins = new Set(require('node:module').builtinModules);
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.path.startsWith('node:') || builtins.has(name.split('/')[0])) {
        return { errors: [{ text: `the web extension must not import the Node built-in "${args.path}" (from ${args.importer})` }] };
      }
      return undefined;
    });
  },
};

/**
 * The desktop entry stays small: the lens it imports on first use (src/host/startLens.ts) is the
 * separate bundle dist/lens.js (from src/host/node/startLens.ts, which adds the Node file streamer),
 * required at run time. The web entry bundles it instead, evaluated on first use as well.
 */
const lensApart = {
  name: 'lens-apart',
  setup(build) {
    // A CommonJS require at run time (not import(), which would go through Node's ESM loader).
    build.onResolve({ filter: /^\.\/startLens$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'host', 'activate.ts')) ? { path: 'lens', namespace: 'lens-apart' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lens-apart' }, () => ({ contents: 'module.exports = require("./lens.js");', loader: 'js' }));
    build.onResolve({ filter: /^\.\/lens\.js$/ }, () => ({ path: './lens.js', external: true }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  define: { BCE_LENS_VERSION: JSON.stringify(version) },
  plugins: [problemMatcher],
};

const targets = [
  { ...common, entryPoints: ['src/host/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [problemMatcher, lensApart] },
  // The database command's engines are not shipped (the .vsix stays under 1 MB): DuckDB (native, ~24 MB) and pg are required when it runs, from where they were installed.
  { ...common, entryPoints: ['src/host/node/startLens.ts'], outfile: 'dist/lens.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', '@duckdb/node-api', 'pg', 'pg-native'] },
  // The web extension host: the same extension without node/localStream.ts (files via workspace.fs only).
  // A Node built-in reaching this bundle is a build error, not a runtime surprise in vscode.dev.
  { ...common, entryPoints: ['src/host/web/extension.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], mainFields: ['browser', 'module', 'main'], plugins: [problemMatcher, noNodeBuiltins] },
  // DuckDB (native, ~24 MB) stays outside the CLI bundle, loaded by `--engine duckdb` only; pg's optional native binding is never used.
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, external: ['@duckdb/node-api', 'pg-native'] },
  // The CLI's worker threads (reading byte ranges of a large file); loaded only when a file is split.
  { ...common, entryPoints: ['src/cli/worker.ts'], outfile: 'dist/cli-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The desktop extension's worker threads (reading byte ranges of a large CSV/TSV/JSON Lines file off the extension host's thread).
  { ...common, entryPoints: ['src/inputs/threads/rangeWorker.ts'], outfile: 'dist/range-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The panel's script; uPlot's CSS it imports is written beside it as dist/webview.css.
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'chrome120' },
];

/** The walkthrough's sample data: samples/ is the one source (also `npm start`'s workspace); the
 * package ships the copy in dist/samples/ (its README is for the repository only). */
function copySamples() {
  const from = path.join(__dirname, 'samples');
  const to = path.join(__dirname, 'dist', 'samples');
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) if (name !== 'README.md') fs.copyFileSync(path.join(from, name), path.join(to, name));
}

async function main() {
  copySamples();
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) process.exit(1);
  fs.chmodSync(path.join(__dirname, 'dist/cli.js'), 0o755);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

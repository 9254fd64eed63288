/**
 * The l10n bundle (l10n/bundle.l10n.json, package.json "l10n") holds exactly the strings that the
 * host (vscode.l10n.t) and the panel (l10n.t of @vscode/l10n) use: extracted from src/ with the
 * export tool itself (@vscode/l10n-dev, what `npm run l10n:export` runs), so a string added,
 * changed or removed in the code fails here until the bundle is exported again. The tool runs in a
 * process of its own: on import it deletes the global WebAssembly.instantiateStreaming, which
 * other tests need.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { execFileSync } from 'node:child_process';

const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const files = sources(path.join(root, 'src'));
const rel = (f: string) => path.relative(root, f);

describe('l10n: the committed bundle', () => {
  it('package.json points VS Code at l10n/', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
  });

  it('every l10n.t call has a literal message (the export tool skips any other, and it would never be translated)', () => {
    const bad: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bl10n\.t\(\s*(.)/g)) {
        if (!`'"`.includes(m[1])) bad.push(`${rel(f)}:${text.slice(0, m.index).split('\n').length}: l10n.t(${m[1]}…`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('the panel takes its words from @vscode/l10n only: never vscode (not in a webview) nor a copy of its own', () => {
    for (const f of files.filter((x) => rel(x).startsWith(`src${path.sep}webview`))) {
      const text = fs.readFileSync(f, 'utf8');
      if (/\bl10n\.t\(/.test(text)) assert.match(text, /^import \* as l10n from '@vscode\/l10n';$/m, `${rel(f)} calls l10n.t without importing @vscode/l10n`);
    }
  });

  it('holds exactly the strings used in src/ (run `npm run l10n:export` after changing one)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bce-lens-l10n-'));
    let used: Record<string, unknown>;
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      // The same arguments as the npm script, with the output sent elsewhere.
      const args = manifest.scripts['l10n:export'].split(' ').slice(1).map((a) => (a === './l10n' ? out : a));
      execFileSync(process.execPath, [require.resolve('@vscode/l10n-dev/dist/cli.js'), ...args], { cwd: root, stdio: 'pipe' });
      used = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const missing = Object.keys(used).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in used));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] });
    assert.deepEqual(committed, used, 'the English bundle maps each message to itself (or its comment form)');
    // Both floors are in it: the host's words and the panel's.
    for (const key of ['Loading BCE Lens…', 'Export chart', 'BCE Lens: cancelled']) assert.ok(key in committed, `${key} not in the bundle`);
  });
});

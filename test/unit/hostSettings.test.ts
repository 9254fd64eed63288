/** Settings that mean something per folder are read with the resource they apply to (issue 14, item 8). */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } };
const PER_FOLDER = ['semantics', 'fromLogits', 'labelSmoothing', 'reduction', 'dtype', 'invalidRows', 'database.connection', 'database.timeoutSeconds'];

describe('host: settings scope', () => {
  it('the options a folder may want its own of are resource-scoped; the status bar is per window', () => {
    const props = manifest.contributes.configuration.properties;
    for (const k of PER_FOLDER) assert.equal(props[`bceLens.${k}`]?.scope, 'resource', `bceLens.${k}`);
    assert.notEqual(props['bceLens.statusBar']?.scope, 'resource');
  });

  it('every read of a resource-scoped setting passes the document or file (a scope Uri)', () => {
    const dir = join(root, 'src/host');
    const calls: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'settings.ts')) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/\b(readPanelDefaults|readInvalidRows)\(([^)]*)\)/g)) calls.push(`${f}: ${m[0]}`);
      // Reading the bceLens section directly must name a scope too.
      for (const m of text.matchAll(/getConfiguration\('bceLens'(\)|,[^)]*\))(?:\.get<[^>]*>)?(?:\.get)?\('?([\w]*)/g)) {
        if (PER_FOLDER.includes(m[2])) assert.notEqual(m[1], ')', `${f}: ${m[0]} reads a resource setting without a scope`);
      }
    }
    assert.ok(calls.length >= 3, calls.join('\n'));
    for (const c of calls) assert.match(c, /\((editor\.document\.uri|uri|this\.uri|[\w.]*[uU]ri)\)$/, c);
  });
});

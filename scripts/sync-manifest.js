#!/usr/bin/env node
// Writes what the manifest must repeat of the framework registry (src/core/frameworks/registry.ts):
// the bceLens.semantics enum and its descriptions in package.json and package.nls.json.
// `npm run sync:manifest` rewrites them; test/unit/package.test.ts fails while they differ.
'use strict';
require('tsx/cjs');
const fs = require('node:fs');
const path = require('node:path');
const { FRAMEWORK_LIST } = require('../src/core/frameworks/registry');

const root = path.join(__dirname, '..');
const read = (f) => JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'));
const write = (f, json) => fs.writeFileSync(path.join(root, f), JSON.stringify(json, null, 2) + '\n');

/** The manifest's semantics setting and nls entries as the registry says they are. */
function expected() {
  const pkg = read('package.json');
  const nls = read('package.nls.json');
  const setting = pkg.contributes.configuration.properties['bceLens.semantics'];
  setting.enum = FRAMEWORK_LIST.map((fw) => fw.id);
  setting.enumDescriptions = FRAMEWORK_LIST.map((fw) => `%bceLens.semantics.${fw.id}%`);
  for (const key of Object.keys(nls)) if (key.startsWith('bceLens.semantics.') && key !== 'bceLens.semantics.description') delete nls[key];
  const entries = Object.entries(nls);
  const at = entries.findIndex(([k]) => k === 'bceLens.semantics.description') + 1;
  entries.splice(at, 0, ...FRAMEWORK_LIST.map((fw) => [`bceLens.semantics.${fw.id}`, fw.settingDescription]));
  return { pkg, nls: Object.fromEntries(entries) };
}

module.exports = { expected };
if (require.main === module) {
  const { pkg, nls } = expected();
  write('package.json', pkg);
  write('package.nls.json', nls);
  console.log(`bceLens.semantics: ${FRAMEWORK_LIST.length} frameworks written to package.json and package.nls.json`);
}

// Mocha entry point loaded by VS Code's extension host (extensionTestsPath).
// Runs every *.test.js file in this folder (mocha TDD UI: suite/test/suiteSetup)
// and ends with a line "N passed, N failed". Rejects when any test failed or
// when no test was found.
// MOCHA_GREP=<regexp> runs only the matching tests.
'use strict';

const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: 120000, // a limit for a hung test, not a measure of speed (CI machines are shared)
    slow: 2000,
  });
  if (process.env.MOCHA_GREP) mocha.grep(new RegExp(process.env.MOCHA_GREP));

  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats || {};
        if (pending) console.log(`${pending} pending`);
        console.log(`${passes} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else if (passes === 0) reject(new Error(`no tests ran (files: ${files.join(', ') || 'none'})`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      console.log(`0 passed, 1 failed`);
      reject(err);
    }
  });
};

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'src/**/*.as.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['src/webview/**/*.ts', 'test/ui/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  // No test may assert a duration: the machines are shared, so speed is the bench's (bench/), never a test's.
  {
    files: ['test/unit/**/*.ts', 'test/integration/suite/**/*.js', 'test/web/**/*.js'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'performance', property: 'now', message: 'Tests assert no durations: time it in bench/.' },
        { object: 'Date', property: 'now', message: 'Tests assert no durations: time it in bench/.' },
        { object: 'process', property: 'hrtime', message: 'Tests assert no durations: time it in bench/.' },
      ],
    },
  },
  // The architecture in floors: core imports nothing of ours; inputs only the core; nothing imports
  // upward. The patterns name the floors at any depth ('../../host/panel' as much as '../host').
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vscode', ...floors('inputs', 'host', 'webview', 'cli', 'shared'), 'node:*', 'fs', 'path', 'worker_threads'] }] },
  },
  {
    files: ['src/inputs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vscode', ...floors('host', 'webview', 'cli', 'shared')] }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vscode', ...floors('inputs', 'host', 'webview', 'cli'), 'node:*'] }] },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vscode', ...floors('inputs', 'host', 'cli'), 'node:*'] }] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['vscode', ...floors('host', 'webview')] }] },
  },
  {
    files: ['src/host/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...floors('webview', 'cli')] }] },
  },
);

/** Import patterns that reach a floor of src/ by a relative path of any depth. */
function floors(...names) {
  return names.flatMap((n) => [`**/${n}`, `**/${n}/**`]);
}

/** The extension's command ids (package.json contributes them): the activation entry registers them before the rest loads. */
export const COMMANDS = {
  computeSelection: 'bceLens.computeSelection',
  computeFile: 'bceLens.computeFile',
  showPanel: 'bceLens.showPanel',
  openSample: 'bceLens.openSample',
  computeInDatabase: 'bceLens.computeInDatabase',
} as const;

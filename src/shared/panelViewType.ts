/** The panel's webview type (package.json's onWebviewPanel activation event names it), apart so the activation entry imports nothing else. */
export const PANEL_VIEW_TYPE = 'bceLens.panel';

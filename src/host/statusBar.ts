/** The last loss in the status bar; clicking it opens the panel. */
import * as vscode from 'vscode';
import { formatCount, formatLoss } from '../shared/format';
import type { PanelView } from '../shared/panelView';

export class LossStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private enabled: boolean;

  constructor(showCommand: string, enabled: boolean) {
    this.item = vscode.window.createStatusBarItem('bceLens.lastLoss', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'BCE Lens: last loss';
    this.item.command = showCommand;
    this.enabled = enabled;
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.item.hide();
    else if (this.item.text) this.item.show();
  }

  update(view: PanelView): void {
    const r = view.result;
    const loss = formatLoss(r.loss);
    this.item.text = `$(pulse) BCE ${loss}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Binary cross-entropy ${loss}**${r.perSample ? ' (mean of the per-sample values)' : ''}\n\n`);
    tooltip.appendText(`${r.description}\nN = ${formatCount(r.n)} · ${view.source.title} (${view.source.detail})`);
    tooltip.appendMarkdown('\n\nClick to open the BCE Lens panel.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Binary cross-entropy ${loss}, ${r.description}. Open the BCE Lens panel.`, role: 'button' };
    if (this.enabled) this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

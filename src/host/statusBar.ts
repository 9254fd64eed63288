/** The last loss in the status bar; clicking it opens the panel. */
import * as vscode from 'vscode';
import { formatCount, formatLoss } from '../shared/format';
import type { PanelView } from '../shared/panelView';

export class LossStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private enabled: boolean;

  constructor(showCommand: string, enabled: boolean) {
    this.item = vscode.window.createStatusBarItem('bceLens.lastLoss', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('BCE Lens: last loss');
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
    tooltip.appendMarkdown(`**${r.perSample ? vscode.l10n.t('Binary cross-entropy {0} (mean of the per-sample values)', loss) : vscode.l10n.t('Binary cross-entropy {0}', loss)}**\n\n`);
    tooltip.appendText(`${r.description}\nN = ${formatCount(r.n)} · ${view.source.title} (${view.source.detail})`);
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Click to open the BCE Lens panel.')}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Binary cross-entropy {0}, {1}. Open the BCE Lens panel.', loss, r.description), role: 'button' };
    if (this.enabled) this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/**
 * The last loss in the status bar; clicking it opens the panel. It says what the panel says: the
 * loss, a file being read (with how far), or a loss that is out of date (a later run was cancelled
 * or failed, or the data changed) — never an old number as if it were current.
 */
import * as vscode from 'vscode';
import { formatCount, formatLoss } from '../shared/format';
import type { PanelView } from '../shared/panelView';

export class LossStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private enabled: boolean;
  /** The result on screen, which a busy or out-of-date state still names. */
  private view: PanelView | undefined;

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

  /** A fresh result. */
  update(view: PanelView): void {
    this.view = view;
    const r = view.result;
    const loss = formatLoss(r.loss);
    this.item.text = `$(pulse) BCE ${loss}`;
    this.item.backgroundColor = undefined;
    const tooltip = this.resultTooltip(view);
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Click to open the BCE Lens panel.')}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Binary cross-entropy {0}, {1}. Open the BCE Lens panel.', loss, r.description), role: 'button' };
    this.showIfEnabled();
  }

  /** A file is being read: its name and, once known, how far (fraction in [0, 1]). */
  busy(label: string, fraction?: number): void {
    const percent = fraction === undefined ? '' : ` ${Math.floor(fraction * 100)}%`;
    this.item.text = `$(sync~spin) ${label}${percent}`;
    this.item.backgroundColor = undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(`${label}${percent}`);
    if (this.view) tooltip.appendText(`\n${vscode.l10n.t('Shown until it is read: {0}', this.lossLine(this.view))}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `${label}${percent}`, role: 'button' };
    this.showIfEnabled();
  }

  /** The shown loss is out of date; `message` says why. Without a shown result there is nothing to mark. */
  stale(message: string): void {
    const view = this.view;
    if (!view) return this.settle();
    this.item.text = `$(warning) BCE ${formatLoss(view.result.loss)}`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${vscode.l10n.t('Out of date')}**\n\n`);
    tooltip.appendText(message);
    tooltip.appendText(`\n\n${vscode.l10n.t('Shown: {0}', this.lossLine(view))}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Binary cross-entropy {0}, out of date: {1}', formatLoss(view.result.loss), message), role: 'button' };
    this.showIfEnabled();
  }

  /** Back to the shown result after a busy state that changed nothing (an option change failed or was cancelled). */
  settle(): void {
    if (this.view) this.update(this.view);
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }

  private lossLine(view: PanelView): string {
    return `BCE ${formatLoss(view.result.loss)} · ${view.source.title}`;
  }

  private resultTooltip(view: PanelView): vscode.MarkdownString {
    const r = view.result;
    const loss = formatLoss(r.loss);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${r.perSample ? vscode.l10n.t('Binary cross-entropy {0} (mean of the per-sample values)', loss) : vscode.l10n.t('Binary cross-entropy {0}', loss)}**\n\n`);
    tooltip.appendText(`${r.description}\nN = ${formatCount(r.n)} · ${view.source.title} (${view.source.detail})`);
    return tooltip;
  }

  private showIfEnabled(): void {
    if (this.enabled) this.item.show();
  }
}

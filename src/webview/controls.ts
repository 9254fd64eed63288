/**
 * The option controls: their choices (which depend on the semantics), their values, and one
 * change callback with the whole, consistent option set. A programmatic change (setOption from
 * the test API) goes through the same change event as a user's.
 */
import { framework } from '../core';
import type { PanelOptions } from '../shared/panelView';
import { isPanelOptions, type PanelOptionName } from '../shared/protocol';
import * as l10n from '@vscode/l10n';
import { h } from './dom';
import type { Layout } from './layout';
import { consistentOptions, fromLogitsChoices, reductionChoices, semanticsChoices, smoothingAvailable, type Choice } from './model';

function fill(select: HTMLSelectElement, choices: Choice[], value: string): void {
  select.replaceChildren(...choices.map((c) => h('option', { value: c.value, disabled: c.disabled, title: c.title }, c.label)));
  select.value = choices.some((c) => c.value === value && !c.disabled) ? value : choices[0].value;
}

export class Controls {
  /** The last options shown (a refused change goes back to them). */
  private shown: PanelOptions | undefined;

  constructor(
    private readonly l: Layout,
    private readonly onChange: (options: PanelOptions) => void,
  ) {
    fill(l.semantics, semanticsChoices(), 'keras');
    for (const el of [l.semantics, l.fromLogits, l.reduction, l.dtype, l.labelSmoothing]) {
      el.addEventListener('change', () => this.changed(el));
    }
  }

  element(name: PanelOptionName): HTMLSelectElement | HTMLInputElement {
    const map = { semantics: this.l.semantics, fromLogits: this.l.fromLogits, labelSmoothing: this.l.labelSmoothing, reduction: this.l.reduction, dtype: this.l.dtype };
    return map[name];
  }

  /** Sets the controls to these options (a new view, or a refused change). */
  show(o: PanelOptions, enabled: boolean): void {
    this.shown = o;
    this.l.semantics.value = o.semantics;
    this.refreshChoices(o);
    this.l.dtype.value = o.dtype;
    this.l.labelSmoothing.value = String(o.labelSmoothing);
    this.l.labelSmoothing.removeAttribute('aria-invalid');
    for (const el of [this.l.semantics, this.l.fromLogits, this.l.reduction, this.l.dtype]) el.disabled = !enabled;
    this.l.labelSmoothing.disabled = !enabled || !smoothingAvailable(o.semantics);
    this.l.controlsNote.textContent = enabled ? '' : l10n.t('The data behind this panel is not available any more (the window was reloaded and the selection changed): run the command again to change options.');
  }

  revert(): void {
    if (this.shown) this.show(this.shown, !this.l.semantics.disabled);
  }

  /** The controls' values now (what a panelState() reports). */
  current(): PanelOptions {
    const s = Number(this.l.labelSmoothing.value);
    return {
      semantics: this.l.semantics.value as PanelOptions['semantics'],
      fromLogits: this.l.fromLogits.value as PanelOptions['fromLogits'],
      labelSmoothing: Number.isFinite(s) ? s : 0,
      reduction: this.l.reduction.value as PanelOptions['reduction'],
      dtype: this.l.dtype.value as PanelOptions['dtype'],
    };
  }

  private refreshChoices(o: PanelOptions): void {
    fill(this.l.fromLogits, fromLogitsChoices(o.semantics), o.fromLogits);
    fill(this.l.reduction, reductionChoices(o.semantics), o.reduction);
    const available = smoothingAvailable(o.semantics);
    this.l.labelSmoothing.disabled = !available;
    this.l.smoothingHint.textContent = available ? l10n.t('labels become y·(1 − s) + s/2') : l10n.t('{0} has no label smoothing for BCE', framework(o.semantics).title);
  }

  /** Validates the change; false (with the reason shown) when it cannot be sent. */
  private changed(el: HTMLElement): void {
    if (el === this.l.labelSmoothing) {
      const v = Number(this.l.labelSmoothing.value);
      if (this.l.labelSmoothing.value.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) {
        this.l.labelSmoothing.setAttribute('aria-invalid', 'true');
        this.l.smoothingHint.textContent = l10n.t('enter a number from 0 to 1');
        return;
      }
      this.l.labelSmoothing.removeAttribute('aria-invalid');
    }
    const next = consistentOptions(this.current());
    if (el === this.l.semantics) this.refreshChoices(next);
    if (!isPanelOptions(next)) return;
    this.onChange(next);
  }

  /** Why a programmatic value cannot be set, or undefined when it can. */
  refusal(name: PanelOptionName, value: string): string | undefined {
    const el = this.element(name);
    if (el.disabled) return l10n.t('{0} cannot be changed now ({1})', name, name === 'labelSmoothing' ? this.l.smoothingHint.textContent ?? '' : l10n.t('the control is disabled'));
    if (el instanceof HTMLSelectElement) {
      const option = Array.from(el.options).find((o) => o.value === value);
      if (!option) return l10n.t('{0} has no choice "{1}" (choices: {2})', name, value, Array.from(el.options).map((o) => o.value).join(', '));
      if (option.disabled) return l10n.t('{0} "{1}" is not available: {2}', name, value, option.title);
    }
    return undefined;
  }
}

/**
 * A menu button (the WAI-ARIA menu button pattern): a button with aria-haspopup="menu" and
 * aria-expanded, and a role="menu" list of menuitem / menuitemcheckbox elements. Enter, Space or
 * ArrowDown opens it on the first item, ArrowUp on the last; Up/Down (wrapping), Home/End move;
 * Escape closes it and gives focus back to the button, Tab closes it and moves on. The list is
 * placed under the button and kept inside the viewport (a narrow panel wraps the header, which
 * puts the button near the left edge).
 */
import { h } from './dom';

/** Space kept between an open menu and the viewport's edges (px). */
export const MENU_MARGIN = 4;

export interface MenuPlacement {
  /** The list's left edge, relative to the menu's box (its positioned ancestor), in px. */
  left: number;
  /** Set when the list is wider than the viewport allows. */
  maxWidth?: number;
}

/**
 * Where a list of `width` px goes: right-aligned with the button (as before), moved right or left
 * as far as needed to keep it `margin` px inside the viewport, and narrowed when it cannot fit.
 * `box` is the menu's box in viewport coordinates (the button's width, the list's anchor).
 */
export function placeMenu(box: { left: number; right: number }, width: number, viewportWidth: number, margin = MENU_MARGIN): MenuPlacement {
  const room = Math.max(viewportWidth - 2 * margin, 0);
  if (width > room) return { left: margin - box.left, maxWidth: room };
  const preferred = box.right - width;
  const left = Math.min(Math.max(preferred, margin), viewportWidth - margin - width);
  return { left: left - box.left };
}

const ITEM_SELECTOR = '[role="menuitem"], [role="menuitemcheckbox"]';

export class Menu {
  readonly root: HTMLElement;
  readonly button: HTMLButtonElement;
  readonly list: HTMLElement;
  private readonly listeners: ((open: boolean) => void)[] = [];

  constructor(id: string, label: string, items: HTMLElement[]) {
    const listId = `${id}-items`;
    this.button = h('button', { type: 'button', id: `${id}-button`, class: 'menu-button secondary', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': listId }, label);
    this.list = h('div', { id: listId, class: 'menu-items', role: 'menu', 'aria-label': label, hidden: true }, ...items);
    this.root = h('div', { id, class: 'menu' }, this.button, this.list);
    if (this.root.id) this.root.setAttribute('data-testid', this.root.id);
    for (const item of this.allItems()) item.tabIndex = -1;
    this.button.addEventListener('click', () => (this.isOpen ? this.close(false) : this.open('none')));
    this.button.addEventListener('keydown', (e) => this.onButtonKey(e));
    this.list.addEventListener('keydown', (e) => this.onListKey(e));
    this.list.addEventListener('focusout', (e) => {
      // Focus leaving the menu for somewhere else (Tab, a click outside) closes it.
      const to = e.relatedTarget as Node | null;
      if (this.isOpen && to && !this.root.contains(to)) this.close(false);
    });
  }

  get isOpen(): boolean {
    return !this.list.hidden;
  }

  onToggle(listener: (open: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** The items a person can reach now: shown and enabled. */
  items(): HTMLElement[] {
    return this.allItems().filter((el) => !el.closest('[hidden]') && !(el as HTMLButtonElement).disabled);
  }

  open(focus: 'first' | 'last' | 'none'): void {
    if (!this.isOpen) {
      this.list.hidden = false;
      this.button.setAttribute('aria-expanded', 'true');
      this.place();
      this.listeners.forEach((l) => l(true));
    }
    const items = this.items();
    // A mouse opens it with focus kept on the button: the arrow keys move into it from there.
    if (focus === 'first') items[0]?.focus();
    else if (focus === 'last') items[items.length - 1]?.focus();
  }

  /** Closes the menu; `returnFocus` gives focus back to its button (Escape, a chosen item). */
  close(returnFocus: boolean): void {
    if (this.isOpen) {
      this.list.hidden = true;
      this.button.setAttribute('aria-expanded', 'false');
      this.listeners.forEach((l) => l(false));
    }
    if (returnFocus) this.button.focus();
  }

  /** Puts the open list under the button, inside the viewport. */
  place(): void {
    if (!this.isOpen) return;
    const s = this.list.style;
    s.left = '';
    s.right = '';
    s.maxWidth = '';
    const box = this.root.getBoundingClientRect();
    const width = this.list.getBoundingClientRect().width || this.list.offsetWidth;
    const viewport = document.documentElement.clientWidth || window.innerWidth;
    const p = placeMenu(box, width, viewport);
    s.left = `${Math.round(p.left)}px`;
    s.right = 'auto';
    if (p.maxWidth !== undefined) s.maxWidth = `${Math.floor(p.maxWidth)}px`;
  }

  private allItems(): HTMLElement[] {
    return Array.from(this.list.querySelectorAll<HTMLElement>(ITEM_SELECTOR));
  }

  private onButtonKey(e: KeyboardEvent): void {
    const focus = e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown' ? 'first' : e.key === 'ArrowUp' ? 'last' : undefined;
    if (focus) {
      // Handled here (not by the click the key would make), so the first item gets focus.
      e.preventDefault();
      this.open(focus);
    } else if (e.key === 'Escape' && this.isOpen) {
      e.preventDefault();
      this.close(true);
    }
  }

  private onListKey(e: KeyboardEvent): void {
    const items = this.items();
    const i = items.indexOf(document.activeElement as HTMLElement);
    const last = items.length - 1;
    const target: Record<string, number> = { ArrowDown: i < 0 || i >= last ? 0 : i + 1, ArrowUp: i <= 0 ? last : i - 1, Home: 0, End: last };
    if (e.key in target) {
      e.preventDefault();
      items[target[e.key]]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close(true);
    } else if (e.key === 'Tab') {
      this.close(false);
    } else if ((e.key === 'Enter' || e.key === ' ') && i >= 0) {
      e.preventDefault();
      items[i].click();
    }
  }
}

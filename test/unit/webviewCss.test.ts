/**
 * The panel's stylesheet read as text: focus is drawn in the theme's focus colour on every
 * control, over VS Code's own webview defaults (a:focus, input:focus, select:focus,
 * textarea:focus get a near-black -webkit-focus-ring-color outline, invisible in Dark+).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CSS = readFileSync(join(__dirname, '../../media/panel.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** Splits a selector list at the commas outside parentheses (`:is(a, b):focus, c`). */
function splitTop(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(') depth++;
    else if (list[i] === ')') depth--;
    else if (list[i] === ',' && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
  }
  out.push(list.slice(start));
  return out;
}

/** Top-level rules (the sheet has @media blocks; their inner rules are included as they are). */
function rules(): { selectors: string[]; body: string }[] {
  const out: { selectors: string[]; body: string }[] = [];
  const re = /([^{}]+)\{([^{}]*)\}/g;
  for (let m = re.exec(CSS); m; m = re.exec(CSS)) {
    const selector = m[1].replace(/^[\s\S]*@media[^{]*$/, '').trim();
    out.push({ selectors: splitTop(selector).map((s) => s.trim().replace(/\s+/g, ' ')), body: m[2] });
  }
  return out;
}

/** Specificity [ids, classes/attributes/pseudo-classes, elements] of a selector (enough for this sheet's selectors). */
function specificity(sel: string): [number, number, number] {
  // :is() counts as its most specific argument.
  let s = sel;
  let extra: [number, number, number] = [0, 0, 0];
  s = s.replace(/:is\(([^)]*)\)/g, (_, inner: string) => {
    const best = inner
      .split(',')
      .map((x) => specificity(x.trim()))
      .sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2])[0];
    extra = [extra[0] + best[0], extra[1] + best[1], extra[2] + best[2]];
    return '';
  });
  const ids = (s.match(/#[\w-]+/g) ?? []).length;
  const classes = (s.match(/\.[\w-]+|\[[^\]]+\]|:(?!:)[\w-]+/g) ?? []).length;
  const elements = (s.replace(/\[[^\]]+\]|[.#:][\w-]+/g, ' ').match(/[a-z][\w-]*/gi) ?? []).length;
  return [ids + extra[0], classes + extra[1], elements + extra[2]];
}

const geq = (a: [number, number, number], b: [number, number, number]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

describe('webview: stylesheet', () => {
  it('every outline is drawn in the theme focus colour', () => {
    for (const r of rules()) {
      for (const m of r.body.matchAll(/(?:^|;)\s*outline\s*:([^;]*)/g)) {
        assert.match(m[1], /var\(--vscode-focusBorder\)|none/, `${r.selectors.join(', ')} { outline:${m[1]} }`);
      }
    }
  });

  it('focus on every control: :focus-visible, and over VS Code\'s a/input/select/textarea:focus defaults', () => {
    const focusRules = rules().filter((r) => /outline\s*:\s*1px solid var\(--vscode-focusBorder\)/.test(r.body));
    const covered = (element: string, pseudo: ':focus' | ':focus-visible', beat: [number, number, number]) =>
      focusRules.some((r) =>
        r.selectors.some((sel) => {
          if (!sel.endsWith(pseudo)) return false;
          const is = /^:is\(([^)]*)\)/.exec(sel);
          const names = is ? is[1].split(',').map((x) => x.trim()) : [sel.slice(0, -pseudo.length)];
          return (names.includes(element) || names.includes('')) && geq(specificity(sel), beat) >= 0;
        }),
      );
    // VS Code's defaults: `select:focus` etc., specificity (0,1,1).
    for (const el of ['a', 'input', 'select', 'textarea']) assert.ok(covered(el, ':focus', [0, 1, 1]), `${el}:focus`);
    for (const el of ['button', 'input', 'select', 'summary', '[tabindex]']) assert.ok(covered(el, ':focus-visible', [0, 1, 1]), `${el}:focus-visible`);
  });
});

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

/** Theme colours as VS Code 1.100 defines them (Light+ and Dark+). */
const THEMES: Record<string, Record<string, string>> = {
  'Light+': { '--vscode-descriptionForeground': '#717171', '--vscode-editor-foreground': '#000000', '--vscode-foreground': '#616161', card: '#f3f3f3', page: '#ffffff' },
  'Dark+': { '--vscode-descriptionForeground': 'rgba(204, 204, 204, 0.7)', '--vscode-editor-foreground': '#d4d4d4', '--vscode-foreground': '#cccccc', card: '#252526', page: '#1e1e1e' },
};

type Rgba = [number, number, number, number];

function parseColor(c: string): Rgba {
  const hex = /^#([0-9a-f]{6})$/i.exec(c);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)).concat(1) as Rgba;
  const rgba = /^rgba\((\d+), (\d+), (\d+), ([\d.]+)\)$/.exec(c);
  if (rgba) return rgba.slice(1).map(Number) as Rgba;
  throw new Error(`colour ${c}`);
}

/** color-mix(in srgb, a p%, b): premultiplied alpha, as CSS Color 5 says. */
function mix(a: Rgba, p: number, b: Rgba): Rgba {
  const q = 1 - p;
  const alpha = a[3] * p + b[3] * q;
  const ch = (i: number) => (a[i] * a[3] * p + b[i] * b[3] * q) / alpha;
  return [ch(0), ch(1), ch(2), alpha];
}

function over(fg: Rgba, bg: Rgba): Rgba {
  return [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3])).concat(1) as Rgba;
}

function luminance(c: Rgba): number {
  const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

function contrast(a: Rgba, b: Rgba): number {
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
}

/** The last --muted declaration of :root, evaluated with a theme's colours. */
function muted(theme: Record<string, string>): Rgba {
  const decls = [...CSS.matchAll(/--muted:\s*([^;]+);/g)].map((m) => m[1].trim());
  const value = decls[decls.length - 1];
  const v = (name: string) => parseColor(theme[name]);
  const plain = /^var\((--[\w-]+)\)$/.exec(value);
  if (plain) return v(plain[1]);
  const m = /^color-mix\(in srgb, var\((--[\w-]+)\) (\d+)%, var\((--[\w-]+)(?:, var\((--[\w-]+)\))?\)\)$/.exec(value);
  assert.ok(m, `--muted: ${value}`);
  return mix(v(m[1]), Number(m[2]) / 100, v(theme[m[3]] ? m[3] : m[4]));
}

describe('webview: small grey text contrast', () => {
  it('reaches 4.5:1 on the cards and the page in Light+ and Dark+ (descriptionForeground alone: 4.40:1 in Light+)', () => {
    const before = contrast(over(parseColor(THEMES['Light+']['--vscode-descriptionForeground']), parseColor('#f3f3f3')), parseColor('#f3f3f3'));
    assert.ok(before < 4.5, `the reported problem: ${before.toFixed(2)}:1`);
    for (const [name, theme] of Object.entries(THEMES)) {
      for (const bg of [theme.card, theme.page]) {
        const back = parseColor(bg);
        const ratio = contrast(over(muted(theme), back), back);
        assert.ok(ratio >= 4.5, `${name} on ${bg}: ${ratio.toFixed(2)}:1`);
      }
    }
  });
});

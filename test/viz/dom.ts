/**
 * DOM helpers of the renderer tests: detached elements in a linkedom document (no browser), and `pretty`, which
 * prints markup for snapshots one element per line, attributes sorted, numbers in geometry attributes rounded to 2 decimals.
 */
import { parseHTML } from 'linkedom';

function document(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

/** A fresh <svg> in its own document. */
export function makeSvg(): SVGSVGElement {
  const doc = document();
  const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
  doc.body.appendChild(svg);
  return svg as SVGSVGElement;
}

/** A fresh <div> in its own document, for renderers that draw HTML (the feature grid). */
export function makeDiv(): HTMLDivElement {
  const doc = document();
  const div = doc.createElement('div');
  doc.body.appendChild(div);
  return div;
}

/** Decimal numbers in a string rounded to 2 places (12.3456 -> 12.35, 1.50 -> 1.5). */
export function roundNumbers(text: string): string {
  return text.replace(/-?\d+\.\d+/g, (m) => String(Math.round(Number(m) * 100) / 100));
}

const escapeText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** `el` and its descendants, one element per line with two-space indents; an element holding only text stays on one line. */
export function pretty(el: Element, indent = ''): string {
  const attrs = [...el.attributes]
    // Geometry is rounded; words (names, labels, ids) are kept as the reader gets them.
    .map((a) => [a.name, /^(aria-|data-|xmlns|title|class)/.test(a.name) ? a.value : roundNumbers(a.value)] as const)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`)
    .join('');
  const tag = el.tagName.toLowerCase();
  const kids = [...el.childNodes];
  if (kids.length === 0) return `${indent}<${tag}${attrs} />`;
  if (kids.every((k) => k.nodeType === 3)) return `${indent}<${tag}${attrs}>${escapeText(el.textContent ?? '')}</${tag}>`;
  const inner = kids
    .map((k) => (k.nodeType === 1 ? pretty(k as Element, `${indent}  `) : (k.textContent ?? '').trim() ? `${indent}  ${escapeText((k.textContent ?? '').trim())}` : ''))
    .filter(Boolean);
  return [`${indent}<${tag}${attrs}>`, ...inner, `${indent}</${tag}>`].join('\n');
}

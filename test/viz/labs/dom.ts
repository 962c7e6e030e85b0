import { parseHTML } from 'linkedom';

/** A detached SVG element in a fresh linkedom document, for renderer tests without a browser. */
export function svgElement(): SVGSVGElement {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg as unknown as Node);
  return svg;
}

/** A fresh <svg> in a linkedom document, for renderer snapshot tests without a browser. */
import { parseHTML } from 'linkedom';

export function makeSvg(): SVGSVGElement {
  const { document } = parseHTML('<!doctype html><html><body><svg xmlns="http://www.w3.org/2000/svg"></svg></body></html>');
  const svg = document.querySelector('svg');
  if (!svg) throw new Error('linkedom did not create the <svg> element');
  return svg as unknown as SVGSVGElement;
}

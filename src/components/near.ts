/** Runs `start` once, when `el` comes within `margin` of the viewport (Distill's d-figure idea): off-screen figures cost nothing. */
export function whenNear(el: Element, start: () => void, margin = '300px'): void {
  if (!('IntersectionObserver' in window)) {
    start();
    return;
  }
  const io = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) {
      io.disconnect();
      start();
    }
  }, { rootMargin: margin });
  io.observe(el);
}

/** The element matching `selector` inside `root`, or an error naming the component and the missing part. */
export function part<T extends Element>(root: Element, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`<${root.localName}> is missing its ${selector} element; render it through its .astro component.`);
  return el;
}

/**
 * Arrow-key movement over a list of focusable SVG items with a roving tabindex: returns the index to focus after
 * `key`, or undefined when the key is not a navigation key. `columns` > 1 makes Up/Down move by rows (a grid).
 */
export function nextIndex(key: string, index: number, count: number, columns = 1): number | undefined {
  const step: Record<string, number> = columns > 1
    ? { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns }
    : { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  const s = step[key];
  if (s === undefined) return undefined;
  return Math.min(count - 1, Math.max(0, index + s));
}

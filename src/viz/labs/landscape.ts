/**
 * Renderers of the landscape views (./landscape-layout.ts): (svg, view) -> SVG. The heat hue's opacity encodes the
 * loss level (one hue, readable in both colour schemes); contour bands and quads are keyed by index so a refined grid
 * updates in place.
 */
import { select } from 'd3';
import type { ContourView, SurfaceView } from './landscape-layout.ts';
import { colourVar, sizes } from '../theme.ts';

const opacity = (t: number) => 0.08 + 0.85 * t;

/** Draws the contour map: bands, a cross at the trained weights, the axes' ends and the title. */
export function renderContour(svg: SVGSVGElement, v: ContourView): void {
  const root = select(svg).attr('viewBox', `0 0 ${v.width} ${v.height}`).attr('class', 'viz viz-contour').attr('role', 'img').attr('aria-label', v.summary);
  root.selectAll('rect.frame').data([v.plot]).join('rect').attr('class', 'frame')
    .attr('x', (p) => p.left).attr('y', (p) => p.top).attr('width', (p) => p.side).attr('height', (p) => p.side)
    .attr('fill', colourVar('surface')).attr('stroke', colourVar('grid'));
  root.selectAll('path.band').data(v.bands).join('path').attr('class', 'band')
    .attr('d', (b) => b.d).attr('fill', colourVar('heat')).attr('fill-opacity', (b) => opacity(b.t))
    .attr('stroke', colourVar('ink')).attr('stroke-opacity', 0.35).attr('stroke-width', 0.6);
  root.selectAll('path.centre').data([v.centre]).join('path').attr('class', 'centre')
    .attr('d', (c) => `M${c.x - 5},${c.y}h10M${c.x},${c.y - 5}v10`).attr('stroke', colourVar('skip')).attr('stroke-width', 2);
  root.selectAll('text.x-tick').data(v.ticks).join('text').attr('class', 'x-tick')
    .attr('x', (t) => t.at).attr('y', v.plot.top + v.plot.side + 14).attr('text-anchor', 'middle')
    .attr('font-size', sizes.smallFont).attr('fill', colourVar('muted')).text((t) => t.label);
  root.selectAll('text.y-tick').data(v.ticks).join('text').attr('class', 'y-tick')
    .attr('x', v.plot.left - 4).attr('y', (t) => v.plot.top + v.plot.side - (t.at - v.plot.left)).attr('text-anchor', 'end')
    .attr('dominant-baseline', 'middle').attr('font-size', sizes.smallFont).attr('fill', colourVar('muted')).text((t) => t.label);
  root.selectAll('text.title').data([v.title]).join('text').attr('class', 'title')
    .attr('x', v.plot.left).attr('y', 14).attr('font-size', sizes.font).attr('font-weight', 600).attr('fill', colourVar('ink')).text((t) => t);
}

/** Draws the surface: quads back to front, filled by level, with a thin grid stroke. */
export function renderSurface(svg: SVGSVGElement, v: SurfaceView): void {
  const root = select(svg).attr('viewBox', `0 0 ${v.width} ${v.height}`).attr('class', 'viz viz-surface').attr('role', 'img').attr('aria-label', v.summary);
  // Each quad is an opaque base under the translucent heat, so nearer quads hide the ones behind them.
  const quads = root.selectAll('g.quad').data(v.quads).join((enter) => {
    const g = enter.append('g').attr('class', 'quad');
    g.append('path').attr('class', 'base').attr('fill', colourVar('surface'));
    g.append('path').attr('class', 'heat').attr('fill', colourVar('heat')).attr('stroke', colourVar('ink')).attr('stroke-opacity', 0.3).attr('stroke-width', 0.5);
    return g;
  });
  quads.select('path.base').attr('d', (q) => q.d);
  quads.select('path.heat').attr('d', (q) => q.d).attr('fill-opacity', (q) => opacity(q.t));
  root.selectAll('text.title').data([v.title]).join('text').attr('class', 'title')
    .attr('x', 8).attr('y', 14).attr('font-size', sizes.font).attr('font-weight', 600).attr('fill', colourVar('ink')).text((t) => t);
}

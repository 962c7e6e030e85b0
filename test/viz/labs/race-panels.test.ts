import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/random.ts';
import type { RaceEvent } from '../../../src/lib/race/race.ts';
import { renderCurveChart } from '../../../src/viz/curveChart.ts';
import { layoutCurveChart } from '../../../src/viz/curveLayout.ts';
import { finalErrors, newRecord, racePanels, recordEvent, trailingMean, type RunRecord } from '../../../src/viz/labs/race-panels.ts';
import { makeSvg, pretty } from '../dom.ts';

const rec = (run: number): RunRecord => ({
  run,
  labels: ['plain-20', 'plain-56'],
  train: [[{ step: 5, loss: 2, error: 0.8 }, { step: 10, loss: 1.5, error: 0.6 }], [{ step: 5, loss: 2.3, error: 0.9 }]],
  val: [[{ step: 0, accuracy: 0.1 }], []],
  grads: [[], []],
  endErrors: [0.7, null],
});

/** The events of a seeded race of two nets: train points every 5 steps, validation every 20, then the end. */
function seededRace(steps: number, seed = 7): RaceEvent[] {
  const rng = Rng.fromSeed(seed);
  const events: RaceEvent[] = [];
  const err = [0.9, 0.9];
  for (let step = 5; step <= steps; step += 5) {
    for (const net of [0, 1]) {
      err[net] = Math.max(0.05, err[net]! - (net === 0 ? 0.03 : 0.015) + 0.02 * (rng.next() - 0.5));
      events.push({ type: 'train', net, step, loss: 2.3 * err[net]!, error: err[net]! });
      if (step % 20 === 0) events.push({ type: 'val', net, step, accuracy: 1 - err[net]! - 0.05 });
    }
    events.push({ type: 'tick', step, totalSteps: steps, imagesPerSecond: 100, elapsedSeconds: step / 10 });
  }
  events.push({ type: 'end', reason: 'completed', step: steps, elapsedSeconds: steps / 10 });
  return events;
}

const play = (run: number, events: readonly RaceEvent[]) => events.reduce(recordEvent, newRecord(run, ['plain-20', 'plain-56']));

describe('race records', () => {
  it('fold the race events into per-net points and ignore ticks and the end', () => {
    const r = play(1, seededRace(40));
    expect(r.train.map((t) => t.length)).toEqual([8, 8]);
    expect(r.val.map((v) => v.map((p) => p.step))).toEqual([[20, 40], [20, 40]]);
    expect(r.train[1]?.[0]?.step).toBe(5);
  });

  it('leave the record they were given unchanged', () => {
    const r = newRecord(1, ['a']);
    recordEvent(r, { type: 'train', net: 0, step: 1, loss: 1, error: 0.5 });
    expect(r.train).toEqual([[]]);
  });

  it('name the run and net counts when an event is for a net the run does not have', () => {
    expect(() => recordEvent(newRecord(3, ['a']), { type: 'val', net: 2, step: 0, accuracy: 0.1 })).toThrow(/net 2, but run 3 has 1 nets/);
  });
});

describe('race panels', () => {
  it('make loss, error and accuracy panels with one series per net', () => {
    const [loss, error, acc] = racePanels([rec(1)]);
    expect(loss!.series.map((s) => s.label)).toEqual(['plain-20', 'plain-56']);
    // Training points are trailing means over SMOOTH_POINTS read-backs: 0.8, then (0.8 + 0.6) / 2.
    expect(error!.series[0]!.points).toEqual([{ x: 5, y: 0.8 }, { x: 10, y: 0.7 }]);
    expect(acc!.series[0]!.points).toEqual([{ x: 0, y: 0.1 }]);
    expect(error!.yDomain).toEqual([0, 1]);
    expect(loss!.series.map((s) => s.colour)).toEqual(['plain20', 'plain56']);
  });

  it('dim every run but the last and keep their ids distinct', () => {
    const [loss] = racePanels([rec(1), rec(2)]);
    expect(loss!.series.map((s) => [s.id, !!s.dimmed])).toEqual([
      ['run1:0', true], ['run1:1', true], ['run2:0', false], ['run2:1', false],
    ]);
    expect(loss!.series[0]!.label).toBe('plain-20 (run 1)');
  });

  it('give each net\'s verdict from its end-of-race evaluation, NaN where none came', () => {
    expect(finalErrors(rec(1))).toEqual([0.7, Number.NaN]);
    const r = recordEvent(newRecord(1, ['a', 'b']), { type: 'end-error', net: 1, step: 9, images: 100, error: 0.25 });
    expect(finalErrors(r)).toEqual([Number.NaN, 0.25]);
  });

  it('smooth over a trailing window of read-backs', () => {
    expect(trailingMean([4, 2, 6, 0, 8], 2)).toEqual([4, 3, 4, 3, 4]);
  });

  it('fold gradient samples per net', () => {
    const r = recordEvent(newRecord(1, ['a']), { type: 'grads', net: 0, step: 5, norms: [1, 2] });
    expect(r.grads).toEqual([[{ step: 5, norms: [1, 2] }]]);
  });

  it('keep every element of a live chart while the race runs, step after step', () => {
    const events = seededRace(100);
    const svg = makeSvg();
    const draw = (n: number) => renderCurveChart(svg, layoutCurveChart(racePanels([play(1, events.slice(0, n))])[1]!, { width: 340, height: 240 }));
    draw(10);
    const marks = [...svg.querySelectorAll('path.series, circle.end-dot, g.legend g.item, text.axis-label, line.grid')];
    for (let n = 11; n <= events.length; n++) draw(n);
    const after = [...svg.querySelectorAll('path.series, circle.end-dot, g.legend g.item, text.axis-label, line.grid')];
    expect(after).toHaveLength(marks.length);
    after.forEach((node, i) => expect(node).toBe(marks[i]));
    expect(svg.querySelector('path[data-series="run1:0"]')?.getAttribute('d')?.split('L')).toHaveLength(20);
  });

  it('match the SVG snapshot of the error panel with an earlier run dimmed (seeded race)', () => {
    const svg = makeSvg();
    const runs = [play(1, seededRace(60, 1)), play(2, seededRace(40, 2))];
    renderCurveChart(svg, layoutCurveChart(racePanels(runs)[1]!, { width: 340, height: 240 }));
    expect(pretty(svg)).toMatchSnapshot();
  });
});

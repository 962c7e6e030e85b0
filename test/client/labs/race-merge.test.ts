import { describe, expect, it } from 'vitest';
import { RaceMerge } from '../../../src/client/labs/race-merge.ts';

const tick = (step: number, rate: number) => ({ type: 'tick' as const, step, totalSteps: 10, imagesPerSecond: rate, elapsedSeconds: 0 });
const end = (step: number, reason: 'completed' | 'stopped' | 'diverged' = 'completed') => ({ type: 'end' as const, reason, step, elapsedSeconds: 0 });

describe('one race from a worker per net', () => {
  it('passes per-net events through and merges ticks: the slowest step, every running job’s images per second', () => {
    const m = new RaceMerge(3, 3, 10, 0);
    const train = { type: 'train' as const, net: 2, step: 5, loss: 2, error: 0.9 };
    expect(m.event(2, train, 1000)).toEqual([train]);
    expect(m.event(0, tick(5, 100), 2000)).toEqual([{ ...tick(0, 100), elapsedSeconds: 2 }]);
    m.event(1, tick(4, 50), 2500);
    expect(m.event(2, tick(6, 30), 3000)).toEqual([{ ...tick(4, 180), elapsedSeconds: 3 }]);
  });

  it('ends once every job has ended, once, with the page time since Train', () => {
    const m = new RaceMerge(2, 2, 10, 1000);
    expect(m.event(0, end(10), 5000)).toEqual([]);
    expect(m.done).toBe(false);
    expect(m.event(1, end(10), 9000)).toEqual([{ type: 'end', reason: 'completed', step: 10, elapsedSeconds: 8 }]);
    expect(m.workerDone([0], 9100)).toEqual([]);
  });

  it('calls a race stopped when asked, counting jobs that never started, and diverged only when every job diverged', () => {
    const m = new RaceMerge(3, 2, 10, 0);
    m.stop();
    m.event(0, end(4, 'stopped'), 1000);
    m.event(1, end(4, 'stopped'), 1000);
    expect(m.workerDone([0, 2], 1500)).toEqual([{ type: 'end', reason: 'stopped', step: 4, elapsedSeconds: 1.5 }]);
    const d = new RaceMerge(2, 2, 10, 0);
    d.event(0, end(3, 'diverged'), 0);
    expect(d.event(1, end(10), 0)[0]).toMatchObject({ reason: 'completed' });
    const all = new RaceMerge(1, 1, 10, 0);
    expect(all.event(0, end(3, 'diverged'), 0)[0]).toMatchObject({ reason: 'diverged', step: 3 });
  });

  it('adds the workers’ tensor counts once all have reported', () => {
    const m = new RaceMerge(3, 2, 10, 0);
    expect(m.memory(0, 5)).toBeNull();
    expect(m.memory(1, 7)).toBe(12);
    expect(() => new RaceMerge(0, 1, 10, 0)).toThrow(/at least one job/);
    expect(() => m.event(3, tick(1, 1), 0)).toThrow(/job 3, but the race has 3 jobs/);
  });
});

/**
 * One race from many workers: each net trains as a job of its own (a worker per net, or a few workers taking nets in
 * turn), and the page wants one stream. Per-net events pass through; the jobs' ticks become one tick (the slowest
 * job's step, the images per second of all running jobs together, the page's wall time since Train); the race ends
 * when every job has ended; the workers' tensor counts add up once every worker has reported. Pure bookkeeping.
 */
import type { RaceEvent } from '../../lib/race/race.ts';

type EndReason = Extract<RaceEvent, { type: 'end' }>['reason'];

export class RaceMerge {
  private readonly steps: number[];
  private readonly rates: number[];
  private readonly ended: (EndReason | null)[];
  private readonly tensors: (number | null)[];
  /** Jobs that have sent an event (a job that never started does not hold the race's step at 0). */
  private readonly started: boolean[];
  private stopped = false;
  private endSent = false;

  /** `jobs` nets of `totalSteps` steps each, on `workers` workers; `t0` the page's clock (ms) when Train was pressed. */
  readonly jobs: number;
  private readonly totalSteps: number;
  private readonly t0: number;

  constructor(jobs: number, workers: number, totalSteps: number, t0: number) {
    if (!(Number.isInteger(jobs) && jobs >= 1 && Number.isInteger(workers) && workers >= 1)) {
      throw new Error(`A race needs at least one job and one worker, got ${jobs} and ${workers}.`);
    }
    this.jobs = jobs;
    this.totalSteps = totalSteps;
    this.t0 = t0;
    this.steps = new Array<number>(jobs).fill(0);
    this.rates = new Array<number>(jobs).fill(0);
    this.ended = new Array<EndReason | null>(jobs).fill(null);
    this.started = new Array<boolean>(jobs).fill(false);
    this.tensors = new Array<number | null>(workers).fill(null);
  }

  /** Every job has ended. */
  get done(): boolean {
    return this.ended.every((e) => e !== null);
  }

  /** A stop was asked for: jobs that never started count as stopped at step 0. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * The events the page should see for job `job`'s event `e` at page time `now` (ms): per-net events as they are, a
   * merged tick for a tick, and the race's end once the last job ends.
   */
  event(job: number, e: RaceEvent, now: number): RaceEvent[] {
    if (!(job >= 0 && job < this.jobs)) throw new Error(`Event from job ${job}, but the race has ${this.jobs} jobs.`);
    const elapsedSeconds = (now - this.t0) / 1000;
    this.started[job] = true;
    if (e.type === 'tick') {
      this.steps[job] = e.step;
      this.rates[job] = e.imagesPerSecond;
      const running = this.rates.filter((_r, j) => this.ended[j] === null).reduce((a, b) => a + b, 0);
      return [{ type: 'tick', step: Math.min(...this.steps), totalSteps: this.totalSteps, imagesPerSecond: running, elapsedSeconds }];
    }
    if (e.type !== 'end') return [e];
    this.steps[job] = e.step;
    this.ended[job] = e.reason;
    return this.endIfDone(elapsedSeconds);
  }

  /** A worker finished with `jobs` (after a stop, some never started): those without an end count as stopped. */
  workerDone(jobs: readonly number[], now: number): RaceEvent[] {
    for (const j of jobs) if (this.ended[j] === null) this.ended[j] = 'stopped';
    return this.endIfDone((now - this.t0) / 1000);
  }

  private endIfDone(elapsedSeconds: number): RaceEvent[] {
    if (!this.done || this.endSent) return [];
    this.endSent = true;
    const steps = this.steps.filter((_s, j) => this.started[j]);
    return [{ type: 'end', reason: this.reason(), step: steps.length ? Math.min(...steps) : 0, elapsedSeconds }];
  }

  /** Records a worker's tensor count after its jobs; the sum over workers once all have reported, else null. */
  memory(worker: number, numTensors: number): number | null {
    this.tensors[worker] = numTensors;
    return this.tensors.every((t) => t !== null) ? this.tensors.reduce<number>((a, b) => a + b!, 0) : null;
  }

  private reason(): EndReason {
    if (this.stopped || this.ended.includes('stopped')) return 'stopped';
    return this.ended.includes('completed') ? 'completed' : 'diverged';
  }
}

/**
 * <toy-race>: the landing page's race of three MLPs on two spirals. Starts (loading the worker, TensorFlow.js and d3)
 * once the figure is on screen, pauses while it is off screen or when the reader pauses; with prefers-reduced-motion
 * it waits for the Play button and redraws less often. The status line states the losses in words.
 */
import { TOY_DEFAULTS, reducedMotion, type ToyRaceSettings } from '../core/toy/race-config.ts';
import { PLANE_EXTENT, twoSpirals } from '../core/toy/spirals.ts';
import { clearlyBehind } from '../core/toy/verdict.ts';
import type { ToyClient, ToyEvent, ToyMessage } from '../client/toy-client.ts';
import type { ToyNetView } from '../viz/toyRace.ts';
import { part } from './near.ts';

type Renderer = (nets: readonly ToyNetView[], step: number) => void;

class ToyRaceElement extends HTMLElement {
  private settings: ToyRaceSettings = TOY_DEFAULTS;
  private client: ToyClient | null = null;
  private draw: Renderer | null = null;
  private run = 0;
  private nets: ToyNetView[] = [];
  private step = 0;
  /** The reader's wish (Play/Pause); the race runs when this holds and the figure is on screen. */
  private wanted = false;
  private onScreen = false;
  private running = false;
  private done = false;
  private io: IntersectionObserver | null = null;

  connectedCallback(): void {
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    // ?toy-seed=N reruns the race with another seed (scripts/labs/toy-race-browser.ts measures seeds 1-5 this way).
    const seed = Number(new URLSearchParams(location.search).get('toy-seed') ?? TOY_DEFAULTS.seed);
    const base = Number.isInteger(seed) && seed >= 0 ? { ...TOY_DEFAULTS, seed } : TOY_DEFAULTS;
    this.settings = reduced ? reducedMotion(base) : base;
    this.wanted = !reduced;
    this.dataset.state = 'idle';
    part<HTMLButtonElement>(this, '[data-play]').addEventListener('click', () => this.toggle());
    part<HTMLButtonElement>(this, '[data-restart]').addEventListener('click', () => void this.restart());
    this.syncButton();
    if (!('IntersectionObserver' in window)) {
      this.onScreen = true;
      void this.update();
      return;
    }
    let intersecting = false;
    const check = () => {
      // A hidden tab counts as off screen too.
      this.onScreen = intersecting && document.visibilityState !== 'hidden';
      void this.update();
    };
    this.io = new IntersectionObserver((entries) => {
      intersecting = entries.some((e) => e.isIntersecting);
      check();
    });
    this.io.observe(this);
    document.addEventListener('visibilitychange', check);
  }

  disconnectedCallback(): void {
    this.io?.disconnect();
    this.client?.dispose();
    this.client = null;
  }

  private toggle(): void {
    this.wanted = !this.wanted;
    if (this.wanted && this.done) {
      void this.restart();
      return;
    }
    void this.update();
  }

  private async restart(): Promise<void> {
    this.wanted = true;
    this.running = false;
    this.done = false;
    await this.update(true);
  }

  /** Starts, resumes or pauses the worker to match wanted && onScreen; `fresh` starts a new race. */
  private async update(fresh = false): Promise<void> {
    this.syncButton();
    const go = this.wanted && this.onScreen && !this.done;
    if (go && (fresh || this.client === null || this.run === 0)) {
      const client = await this.ensureClient();
      this.nets = this.settings.nets.map((n) => ({ label: n.label, colour: n.colour, probs: null, losses: [] }));
      this.step = 0;
      this.run = client.start(this.settings);
      this.running = true;
    } else if (go && !this.running) {
      this.client?.resume();
      this.running = true;
    } else if (!go && this.running) {
      this.client?.pause();
      this.running = false;
    }
    this.dataset.state = this.done ? 'done' : this.running ? 'running' : this.run === 0 ? 'idle' : 'paused';
    this.syncButton();
  }

  private async ensureClient(): Promise<ToyClient> {
    if (this.client) return this.client;
    const [{ ToyClient }, { layoutToyRace }, { renderToyRace }] = await Promise.all([
      import('../client/toy-client.ts'), import('../viz/toyRace.ts'), import('../viz/toyRaceChart.ts'),
    ]);
    const points = twoSpirals(this.settings.seed, this.settings.spirals);
    const svg = part<SVGSVGElement>(this, '[data-svg]');
    this.draw = (nets, step) => {
      const narrow = this.clientWidth < 500;
      const view = layoutToyRace({ nets, gridSide: this.settings.gridSide, points, extent: PLANE_EXTENT, step }, { width: narrow ? 420 : 640, chartHeight: narrow ? 110 : 120, minSteps: 200 });
      renderToyRace(svg, view);
    };
    const client = new ToyClient();
    client.on((m) => this.onMessage(m));
    this.client = client;
    return client;
  }

  private onMessage(m: ToyMessage): void {
    if (m.run !== this.run) return;
    if (m.type === 'error') {
      this.running = false;
      this.dataset.state = 'error';
      part(this, '[data-status]').textContent = `The race stopped: ${m.message}`;
      this.syncButton();
      return;
    }
    if (m.type === 'toy/event') this.onEvent(m.event);
  }

  private onEvent(e: ToyEvent): void {
    this.step = e.step;
    if (e.type === 'losses') {
      this.nets = this.nets.map((n, i) => ({ ...n, losses: [...n.losses, [e.step, e.losses[i] ?? NaN] as const] }));
      this.dataset.losses = JSON.stringify(e.losses);
      this.draw?.(this.nets, this.step);
      this.describe();
    } else if (e.type === 'regions') {
      this.nets = this.nets.map((n, i) => ({ ...n, probs: e.probs[i] ?? null }));
      this.draw?.(this.nets, this.step);
      this.dataset.drawn = String(Number(this.dataset.drawn ?? 0) + 1);
    } else if (e.type === 'end') {
      if (e.reason === 'completed') {
        this.running = false;
        this.done = true;
        this.wanted = false;
      } else if (!(this.wanted && this.onScreen)) {
        this.running = false;
      }
      // A 'paused' end that arrives after the figure was resumed is stale: the worker runs the queued resume next, so
      // the race keeps running (on a loaded machine the pause's end can come after the figure is back on screen).
      this.dataset.state = this.done ? 'done' : this.running ? 'running' : 'paused';
      this.syncButton();
    }
    part(this, '[data-step]').textContent = `step ${this.step}`;
  }

  /** The status line: each net's latest loss in words, and whether the deep plain net is clearly behind. */
  private describe(): void {
    const last = this.nets.map((n) => n.losses.at(-1)?.[1] ?? NaN);
    const words = this.nets.map((n, i) => `${n.label} ${Number.isFinite(last[i]) ? last[i]!.toFixed(2) : 'diverged'}`);
    const [shallow, deep, res] = last;
    const verdict = deep !== undefined && shallow !== undefined && res !== undefined && clearlyBehind(deep, [shallow, res])
      ? `The ${this.nets[1]?.label} net is clearly behind: deeper, yet worse on its own training points.`
      : 'No clear gap yet.';
    part(this, '[data-status]').textContent = `After ${this.step} training steps, the loss (lower is better) is: ${words.join('; ')}. ${verdict}`;
  }

  private syncButton(): void {
    const b = part<HTMLButtonElement>(this, '[data-play]');
    const playing = this.wanted && !this.done;
    b.textContent = playing ? 'Pause' : this.done ? 'Play again' : 'Play';
  }
}

if (!customElements.get('toy-race')) customElements.define('toy-race', ToyRaceElement);

/**
 * A training session: maps protocol requests to the engine and posts protocol messages back. The worker runs one
 * (src/workers/train.worker.ts); where no worker can run, the client runs the same class on the page
 * (src/client/train-transport.ts), which is why it uses only browser APIs that pages and workers share.
 */
import type { BackendChoice, BackendName } from '../../core/backend.ts';
import type { WasmFileMap } from '../../lib/backend/index.ts';
import { createModel, type InspectableModel } from '../../lib/model/index.ts';
import type { DataSource, Message, Request, RunStatus, SavedRunInfo, StartRequest } from './protocol.ts';
import { exportTorchSafetensors, importTorchSafetensors } from '../../lib/weights/torch.ts';
import { describeConfig } from '../../core/model/options.ts';
import { CIFAR10_NORMALISATION } from '../../core/data/cifar10.ts';
import { loadTrainSetBrowser } from '../../platform/browser/load-cifar10.ts';
import { CHECKPOINT_EVERY_SECONDS } from '../../core/train/checkpoints.ts';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../lib/train/checkpoint.ts';
import { trainingSplit } from '../../lib/train/data.ts';
import { isQuotaError, type CheckpointStore } from '../../platform/browser/idb-store.ts';
import { isOutOfMemory, loseContextForTest, rebuildWebgl, watchContext } from './webgl-context.ts';
import { startBackend } from '../../lib/backend/start.ts';
import { capabilities } from '../../platform/browser/capabilities.ts';
import type { ImageSet } from '../../core/data/types.ts';
import { Trainer, type TrainData } from '../../lib/train/trainer.ts';
import { VAL_BATCH_SIZE } from '../../lib/train/validate.ts';

export type Post = (m: Message, transfer?: Transferable[]) => void;

interface Run {
  readonly runId: string;
  readonly model: InspectableModel;
  readonly trainer: Trainer;
  readonly persist: boolean;
  readonly source: DataSource;
}

export class TrainSession {
  private readonly post: Post;
  private readonly store: CheckpointStore | null;
  private readonly where: 'worker' | 'page';
  private backend: BackendName | null = null;
  private wasmPaths: WasmFileMap | undefined;
  /** Seconds of training between mid-epoch checkpoints, as the last train/start asked. */
  private checkpointEvery = CHECKPOINT_EVERY_SECONDS;
  private trainSet: Promise<ImageSet> | null = null;
  private run: Run | null = null;
  private loop: Promise<void> = Promise.resolve();
  private checkpointsOff = false;
  private contextLost = false;
  /** The last checkpoint saved, kept in memory too: what a lost WebGL context resumes from. */
  private lastGood: Uint8Array | null = null;
  private unwatch: () => void = () => {};

  constructor(post: Post, store: CheckpointStore | null, where: 'worker' | 'page') {
    this.post = post;
    this.store = store;
    this.where = where;
  }

  /** Handles one request; failures become 'error' messages (never unhandled rejections). */
  async handle(req: Request): Promise<void> {
    const id = 'id' in req ? req.id : undefined;
    try {
      await this.dispatch(req);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const kind = req.type === 'init' ? 'backend' : req.type === 'checkpoint/load' ? 'checkpoint' : 'bad-request';
      this.post({ type: 'error', kind, message, ...(id === undefined ? {} : { id }) });
    }
  }

  private async dispatch(req: Request): Promise<void> {
    switch (req.type) {
      case 'init': return this.init(req.backend, req.wasmPaths);
      case 'train/start': return this.start(req);
      case 'train/pause': this.run?.trainer.pause(); return;
      case 'train/resume': return this.resume();
      case 'train/stop': return this.stop();
      case 'checkpoint/load': return this.load(req.runId, decodeCheckpoint(req.bytes), req.data, req.persist);
      case 'checkpoint/get': return this.reply(req.id, 'checkpoint/bytes', async (r) => encodeCheckpoint(await r.trainer.checkpoint()));
      // The network travels as metadata, so an upload of these weights needs no guess (plain vs option A, custom skips).
      case 'weights/get': return this.reply(req.id, 'weights/bytes', (r) => exportTorchSafetensors(r.model, { model: describeConfig(r.model.config), config: JSON.stringify(r.model.config), steps: String(r.trainer.progress.step) }));
      case 'saved/get': this.post({ type: 'saved/info', id: req.id, info: (await this.store?.info(req.runId)) ?? null }); return;
      case 'saved/delete': await this.store?.delete(req.runId); this.post({ type: 'done', id: req.id }); return;
      case 'debug/lose-context': if (!loseContextForTest(req.restoreAfterMs)) throw new Error('No WebGL context to lose: the session is not on WebGL.'); return;
      case 'dispose': await this.endRun(); this.unwatch(); return;
    }
  }

  /** Starts the page's choice with the site's fallback (src/core/backend.ts); 'ready' says what was skipped and why. */
  private async init(choice: BackendChoice, wasmPaths?: WasmFileMap): Promise<void> {
    this.wasmPaths = wasmPaths;
    const { backend, note } = await startBackend(choice, capabilities(), { wasmPaths });
    this.backend = backend;
    this.unwatch();
    this.unwatch = watchContext(() => this.onContextLost(), () => void this.onContextRestored());
    this.post({ type: 'ready', backend, where: this.where, note });
  }

  private status(status: RunStatus, message: string): void {
    this.post({ type: 'status', status, message });
  }

  private async start(req: StartRequest): Promise<void> {
    await this.endRun();
    if (this.backend === null) await this.init('auto', this.wasmPaths);
    this.checkpointEvery = req.checkpointEverySeconds ?? CHECKPOINT_EVERY_SECONDS;
    const saved = req.resume === 'auto' ? await this.store?.get(req.runId) : null;
    if (saved) {
      try {
        return await this.load(req.runId, decodeCheckpoint(saved.bytes), req.data, req.persist, true);
      } catch (e) {
        this.status('idle', `The saved run could not continue (${e instanceof Error ? e.message : String(e)}); starting afresh.`);
      }
    }
    const data = await this.data(req.data, req.seed);
    const model = createModel(req.model);
    try {
      if (req.initialWeights) importTorchSafetensors(model, req.initialWeights);
      const spec = { recipe: req.recipe, seed: req.seed, logEvery: req.logEvery, normalisation: CIFAR10_NORMALISATION, valBatchSize: VAL_BATCH_SIZE };
      this.adopt({ runId: req.runId, model, trainer: Trainer.start(model, data, spec, { checkpointEverySeconds: this.checkpointEvery }), persist: req.persist, source: req.data }, null);
    } catch (e) {
      model.dispose();
      throw e;
    }
    this.loop = this.runLoop();
  }

  /** Rebuilds a run from a checkpoint; paused unless `go`. */
  private async load(runId: string, ckpt: Checkpoint, source: DataSource, persist: boolean, go = false): Promise<void> {
    await this.endRun();
    if (this.backend === null) await this.init('auto', this.wasmPaths);
    const data = await this.data(source, ckpt.state.spec.seed);
    const model = createModel(ckpt.state.modelConfig);
    try {
      this.adopt({ runId, model, trainer: Trainer.resume(model, data, ckpt, { checkpointEverySeconds: this.checkpointEvery }), persist, source }, ckpt.state.progress.step);
    } catch (e) {
      model.dispose();
      throw e;
    }
    this.lastGood = encodeCheckpoint(ckpt);
    if (go) this.loop = this.runLoop();
    else this.status('paused', `Loaded the checkpoint at step ${ckpt.state.progress.step}; resume to continue.`);
  }

  private adopt(run: Run, resumedFrom: number | null): void {
    this.run = run;
    const t = run.trainer;
    t.on(async (e) => {
      // A run abandoned after a lost context may still wake up; it no longer speaks for the session.
      if (this.run !== run) return;
      // A pause is announced only once it is saved: the reader who sees "Paused" may close the tab at once.
      if (e.type === 'paused') {
        await this.save(run);
        this.post({ type: 'event', event: e });
        return;
      }
      this.post({ type: 'event', event: e });
      // An ended run is saved too (early stop, stop, completion mid-epoch), so a reload finds the final model;
      // a diverged one is not: its last good checkpoint must stay the saved one.
      if (e.type === 'epoch' || e.type === 'checkpoint-due' || (e.type === 'end' && e.reason !== 'diverged')) await this.save(run);
    });
    this.post({
      type: 'run/started', runId: run.runId, resumedFrom, totalSteps: t.totalSteps, stepsPerEpoch: t.stepsPerEpoch,
      trainCount: t.data.train.count, valCount: t.data.val.count, recipe: t.spec.recipe, model: run.model.config, curves: t.curves,
    });
  }

  private async data(source: DataSource, seed: number): Promise<TrainData> {
    if (source.kind === 'arrays') return { train: source.train, val: source.val };
    this.status('loading-data', 'Loading CIFAR-10');
    this.trainSet ??= loadTrainSetBrowser(source.baseUrl ?? '/data/cifar10/', (fraction, stage) => this.post({ type: 'data/progress', fraction, stage }));
    try {
      return trainingSplit(await this.trainSet, { seed, limit: source.limit });
    } catch (e) {
      this.trainSet = null;
      this.post({ type: 'error', kind: 'data', message: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  private async runLoop(): Promise<void> {
    const run = this.run;
    if (run === null) return;
    this.status('training', `Training on ${this.backend} in the ${this.where === 'worker' ? 'background (a worker)' : 'page'}.`);
    try {
      const reason = await run.trainer.run();
      if (this.contextLost) return;
      if (reason === 'paused') this.status('paused', `Paused at step ${run.trainer.progress.step}.`);
      else if (reason === 'diverged') this.status('ended', `The loss became NaN or infinite by step ${run.trainer.progress.step}. ${this.lastGood ? 'The last good checkpoint is kept: load it and try a lower learning rate.' : 'No checkpoint was saved before; start again with a lower learning rate.'}`);
      else this.status('ended', reason === 'early-stop' ? 'Stopped early: validation accuracy stopped improving.' : reason === 'stopped' ? 'Stopped.' : 'Training complete.');
    } catch (e) {
      if (this.contextLost) return;
      const batch = run.trainer.spec.recipe.batchSize;
      if (isOutOfMemory(e)) this.post({ type: 'error', kind: 'oom', message: `Ran out of memory at batch size ${batch}. Try a smaller batch, e.g. ${Math.max(1, Math.floor(batch / 2))}, or a smaller model.` });
      else this.post({ type: 'error', kind: 'internal', message: e instanceof Error ? e.message : String(e) });
      this.status('ended', 'Training stopped after an error.');
    }
  }

  private async resume(): Promise<void> {
    const r = this.run;
    if (r === null) throw new Error('There is no run to resume; start one first.');
    await this.loop;
    if (r.trainer.isRunning || r.trainer.progress.ended !== null) return;
    this.loop = this.runLoop();
  }

  private async stop(): Promise<void> {
    const r = this.run;
    if (r === null) return;
    r.trainer.stop();
    await this.loop;
    if (!r.trainer.isRunning) this.status('ended', 'Stopped.');
  }

  /** Saves the run's checkpoint (memory, then IndexedDB); a full quota turns saving off and training goes on. */
  private async save(run: Run): Promise<void> {
    if (this.contextLost) return;
    const ckpt = await run.trainer.checkpoint();
    // Values read while the context was dying are not trustworthy.
    if (this.contextLost) return;
    const bytes = encodeCheckpoint(ckpt);
    this.lastGood = bytes;
    const p = ckpt.state.progress;
    const info: SavedRunInfo = { runId: run.runId, step: p.step, epoch: p.epoch, totalSteps: run.trainer.totalSteps, recipe: run.trainer.spec.recipe.name, savedAt: Date.now(), bytes: bytes.length };
    if (!run.persist || this.checkpointsOff || this.store === null) {
      this.post({ type: 'checkpoint/saved', info, stored: false });
      return;
    }
    try {
      await this.store.put(info, bytes);
      this.post({ type: 'checkpoint/saved', info, stored: true });
    } catch (e) {
      this.checkpointsOff = true;
      const why = isQuotaError(e) ? 'the browser\'s storage quota is full' : `saving failed (${e instanceof Error ? e.message : String(e)})`;
      this.post({ type: 'checkpoint/off', reason: `Checkpoints are off: ${why}. Training continues, but a reload will start over; download a checkpoint to keep it.` });
    }
  }

  private async reply(id: number, type: 'checkpoint/bytes' | 'weights/bytes', make: (r: Run) => Promise<Uint8Array>): Promise<void> {
    const r = this.run;
    if (r === null) throw new Error('There is no run yet; start or load one first.');
    const bytes = await r.trainer.between(() => make(r));
    this.post({ type, id, bytes }, [bytes.buffer as ArrayBuffer]);
  }

  private async endRun(): Promise<void> {
    const r = this.run;
    if (r === null) return;
    r.trainer.stop();
    await this.loop;
    this.run = null;
    r.trainer.dispose();
    r.model.dispose();
  }

  private onContextLost(): void {
    this.contextLost = true;
    this.run?.trainer.pause();
    this.status('recovering', 'The GPU context was lost (the browser reclaimed it). Training is paused and will resume from the last checkpoint when the GPU is back.');
  }

  private async onContextRestored(): Promise<void> {
    const r = this.run;
    const bytes = this.lastGood;
    // Abandon the old run without waiting: a read-back in flight on the lost context may never settle.
    this.run = null;
    this.loop = Promise.resolve();
    if (r !== null) {
      r.trainer.stop();
      try {
        r.trainer.dispose();
        r.model.dispose();
      } catch {
        // Its GPU objects died with the context.
      }
    }
    this.unwatch();
    this.backend = (await rebuildWebgl(this.wasmPaths)).backend;
    this.unwatch = watchContext(() => this.onContextLost(), () => void this.onContextRestored());
    this.contextLost = false;
    if (r === null) return;
    if (bytes === null) {
      this.post({ type: 'error', kind: 'context-lost', message: 'The GPU context was lost before the first checkpoint; start the run again.' });
      this.status('ended', 'Lost the GPU context before any checkpoint.');
      return;
    }
    await this.load(r.runId, decodeCheckpoint(bytes), r.source, r.persist, true);
  }
}

/** Requests that must reach a busy loop at once rather than wait behind a long start or load. */
const IMMEDIATE: ReadonlySet<Request['type']> = new Set(['train/pause', 'train/stop', 'debug/lose-context']);

/** Feeds requests to a session one at a time, in order (pause and stop overtake): the worker and the page fallback both use it. */
export function serialiseRequests(session: Promise<TrainSession>): (req: Request) => void {
  let queue: Promise<void> = Promise.resolve();
  return (req) => {
    if (IMMEDIATE.has(req.type)) void session.then((s) => s.handle(req));
    else queue = queue.then(async () => (await session).handle(req));
  };
}

import { describe, expect, it } from 'vitest';
import type { Message, Request, SavedRunInfo } from '../../../src/workers/train/protocol.ts';
import type { CheckpointStore } from '../../../src/platform/browser/idb-store.ts';
import type { Recipe } from '../../../src/core/train/recipes.ts';
import { isOutOfMemory } from '../../../src/workers/train/webgl-context.ts';
import { TrainSession, serialiseRequests } from '../../../src/workers/train/session.ts';
import { TINY, tinyData } from '../../lib/train/helpers.ts';
import { parseSafetensors } from '../../../src/lib/weights/safetensors.ts';

const RECIPE: Recipe = {
  name: 'session-test', optimizer: { kind: 'sgd', momentum: 0.9, weightDecay: 1e-4 }, schedule: { kind: 'constant', lr: 0.05 },
  batchSize: 32, maxEpochs: 2, maxSteps: null, validateEvery: 'epoch', earlyStopPatience: null, augment: true,
};

/** A session on the CPU backend with the given store; resolves the message list when `until` matches. */
function session(store: CheckpointStore | null) {
  const messages: Message[] = [];
  let wake: (() => void) | null = null;
  const s = new TrainSession((m) => { messages.push(m); wake?.(); }, store, 'page');
  const send = serialiseRequests(Promise.resolve(s));
  const until = async (pred: (m: Message) => boolean) => {
    while (!messages.some(pred)) await new Promise<void>((r) => { wake = r; });
    return messages.find(pred)!;
  };
  return { messages, send: (r: Request) => send(r), until };
}

const start = (runId: string, recipe: Recipe = RECIPE): Request => ({
  type: 'train/start', runId, model: TINY, recipe, seed: 1, logEvery: 1, data: { kind: 'arrays', ...tinyData() }, resume: 'auto', persist: true,
});

/** An in-memory store that can be told to fail like a full browser quota. */
function memoryStore(full = false): CheckpointStore & { saved: Map<string, { info: SavedRunInfo; bytes: Uint8Array }> } {
  const saved = new Map<string, { info: SavedRunInfo; bytes: Uint8Array }>();
  return {
    saved,
    async put(info, bytes) {
      if (full) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      saved.set(info.runId, { info, bytes: bytes.slice() });
    },
    async get(runId) { return saved.get(runId) ?? null; },
    async info(runId) { return saved.get(runId)?.info ?? null; },
    async delete(runId) { saved.delete(runId); },
  };
}

describe('TrainSession', () => {
  it('trains from protocol messages, checkpoints every epoch, and a new session resumes the saved run', async () => {
    const store = memoryStore();
    const a = session(store);
    a.send({ type: 'init', backend: 'cpu' });
    a.send(start('run-a', { ...RECIPE, maxEpochs: 1 }));
    await a.until((m) => m.type === 'status' && m.status === 'ended');
    expect(a.messages[0]).toMatchObject({ type: 'ready', backend: 'cpu', where: 'page', note: null });
    expect(a.messages.find((m) => m.type === 'checkpoint/saved')).toMatchObject({ stored: true, info: { runId: 'run-a', step: 3, epoch: 1 } });
    a.send({ type: 'dispose' });

    // Same run id, a longer recipe: the saved run's own recipe (1 epoch) wins, so it resumes and is already complete.
    const b = session(store);
    b.send({ type: 'init', backend: 'cpu' });
    b.send(start('run-a'));
    const started = await b.until((m) => m.type === 'run/started');
    expect(started).toMatchObject({ resumedFrom: 3, totalSteps: 3 });
    b.send({ type: 'dispose' });
  });

  it('starts a new run from uploaded weights, and its weights name their network', async () => {
    const a = session(null);
    a.send({ type: 'init', backend: 'cpu' });
    a.send({ ...start('trained', { ...RECIPE, maxEpochs: 1 }), persist: false } as Request);
    await a.until((m) => m.type === 'status' && m.status === 'ended');
    a.send({ type: 'weights/get', id: 1 });
    const trained = ((await a.until((m) => m.type === 'weights/bytes')) as Extract<Message, { type: 'weights/bytes' }>).bytes;
    expect(JSON.parse(parseSafetensors(trained).metadata.config!)).toEqual(TINY);
    a.send({ type: 'dispose' });
    // Learning rate 0: whatever the new run does, its trainable weights stay the ones it started from.
    const still: Recipe = { ...RECIPE, maxEpochs: 1, optimizer: { kind: 'sgd', momentum: 0, weightDecay: 0 }, schedule: { kind: 'constant', lr: 0 } };
    const fc = async (initialWeights?: Uint8Array) => {
      const b = session(null);
      b.send({ type: 'init', backend: 'cpu' });
      b.send({ ...start('continued', still), persist: false, resume: 'never', ...(initialWeights ? { initialWeights } : {}) } as Request);
      await b.until((m) => m.type === 'status' && m.status === 'ended');
      b.send({ type: 'weights/get', id: 2 });
      const bytes = ((await b.until((m) => m.type === 'weights/bytes')) as Extract<Message, { type: 'weights/bytes' }>).bytes;
      b.send({ type: 'dispose' });
      return Array.from(parseSafetensors(bytes).tensors.get('fc.weight')!.bytes);
    };
    const want = Array.from(parseSafetensors(trained).tensors.get('fc.weight')!.bytes);
    expect(await fc(trained)).toEqual(want);
    expect(await fc()).not.toEqual(want);
  });

  it('a run that ends between epochs is saved at its last step, so a new session finds the final model, ended', async () => {
    const store = memoryStore();
    const a = session(store);
    a.send({ type: 'init', backend: 'cpu' });
    a.send(start('run-stop'));
    await a.until((m) => m.type === 'event' && m.event.type === 'progress' && m.event.step === 4);
    a.send({ type: 'train/stop' });
    const end = await a.until((m) => m.type === 'event' && m.event.type === 'end');
    const endStep = end.type === 'event' && end.event.type === 'end' ? end.event.step : -1;
    expect(endStep).toBeGreaterThan(3);
    expect(endStep).toBeLessThan(6);
    await a.until((m) => m.type === 'status' && m.status === 'ended');
    expect(store.saved.get('run-stop')?.info.step).toBe(endStep);
    a.send({ type: 'dispose' });

    const b = session(store);
    b.send({ type: 'init', backend: 'cpu' });
    b.send(start('run-stop'));
    expect(await b.until((m) => m.type === 'run/started')).toMatchObject({ resumedFrom: endStep });
    // The restored run says again how it ended, so the page can show its result.
    const again = await b.until((m) => m.type === 'event' && m.event.type === 'end');
    expect(again.type === 'event' && again.event.type === 'end' && again.event.reason).toBe('stopped');
    await b.until((m) => m.type === 'status' && m.status === 'ended');
    b.send({ type: 'dispose' });
  });

  it('a pause is announced only after its step is saved, so a reader who closes the tab at "Paused" loses nothing', async () => {
    const store = memoryStore();
    const a = session(store);
    a.send({ type: 'init', backend: 'cpu' });
    a.send(start('run-pause'));
    await a.until((m) => m.type === 'event' && m.event.type === 'progress' && m.event.step === 2);
    a.send({ type: 'train/pause' });
    const paused = await a.until((m) => m.type === 'event' && m.event.type === 'paused');
    const step = paused.type === 'event' && paused.event.type === 'paused' ? paused.event.step : -1;
    expect(step).toBeGreaterThan(1);
    // What the store holds at the moment the page hears of the pause (the message list is a snapshot of that order).
    const before = a.messages.slice(0, a.messages.indexOf(paused));
    expect(before.filter((m) => m.type === 'checkpoint/saved').at(-1)).toMatchObject({ stored: true, info: { runId: 'run-pause', step } });
    expect(store.saved.get('run-pause')?.info.step).toBe(step);
    a.send({ type: 'dispose' });
  });

  it('a full storage quota turns checkpoints off and training goes on', async () => {
    const s = session(memoryStore(true));
    s.send({ type: 'init', backend: 'cpu' });
    s.send(start('run-full'));
    const off = await s.until((m) => m.type === 'checkpoint/off');
    expect(off.type === 'checkpoint/off' && off.reason).toMatch(/quota is full.*Training continues/);
    const end = await s.until((m) => m.type === 'event' && m.event.type === 'end');
    expect(end.type === 'event' && end.event.type === 'end' && end.event.reason).toBe('completed');
    s.send({ type: 'dispose' });
  });

  it('a diverging run ends with an explanation and keeps the last good checkpoint', async () => {
    const store = memoryStore();
    const s = session(store);
    s.send({ type: 'init', backend: 'cpu' });
    s.send(start('run-nan', { ...RECIPE, maxEpochs: 6, schedule: { kind: 'multistep', lr: 0.05, gamma: 1e25, milestones: [3, 4] } }));
    const ended = await s.until((m) => m.type === 'status' && m.status === 'ended');
    expect(ended.type === 'status' && ended.message).toMatch(/NaN or infinite.*last good checkpoint is kept/);
    expect(store.saved.get('run-nan')?.info.step).toBe(3);
    s.send({ type: 'dispose' });
  });

  it('answers a request it cannot serve with a message naming the fix', async () => {
    const s = session(null);
    s.send({ type: 'checkpoint/get', id: 7 });
    const err = await s.until((m) => m.type === 'error');
    expect(err).toMatchObject({ id: 7, kind: 'bad-request', message: expect.stringMatching(/no run yet; start or load one/) });
  });

  it('recognises out-of-memory errors from each backend', () => {
    expect(isOutOfMemory(new Error('Failed to allocate texture'))).toBe(true);
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemory(new Error('Requested texture size [70000x1] greater than WebGL maximum'))).toBe(true);
    expect(isOutOfMemory(new Error('Shapes do not match'))).toBe(false);
  });
});

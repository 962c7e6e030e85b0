/** The two ways a page reaches a training session: messages to a worker, or calls into a session on the page. */
import type { Message, Request } from '../workers/train/protocol.ts';

export interface Transport {
  send(req: Request): void;
  listen(fn: (m: Message) => void): () => void;
  close(): void;
}

function listeners() {
  const set = new Set<(m: Message) => void>();
  return {
    add(fn: (m: Message) => void) {
      set.add(fn);
      return () => void set.delete(fn);
    },
    emit(m: Message) {
      for (const fn of [...set]) fn(m);
    },
  };
}

/** A worker speaking the protocol; a worker that fails to load reports an 'error' message. */
export function workerTransport(worker: Worker): Transport {
  const l = listeners();
  worker.onmessage = (e: MessageEvent<Message>) => l.emit(e.data);
  worker.onerror = (e) => l.emit({ type: 'error', kind: 'internal', message: `The training worker failed: ${e.message || 'it could not load'}.` });
  return {
    send: (req) => worker.postMessage(req),
    listen: (fn) => l.add(fn),
    close: () => worker.terminate(),
  };
}

/**
 * The train worker's own session run on the page (the one place the client reaches into src/workers beyond protocol
 * types), loaded on demand, so pages that use the worker never load the engine here.
 */
export async function pageTransport(): Promise<Transport> {
  const [{ TrainSession, serialiseRequests }, { openIndexedDbStore }] = await Promise.all([import('../workers/train/session.ts'), import('../platform/browser/idb-store.ts')]);
  const l = listeners();
  const session = openIndexedDbStore().then((store) => new TrainSession((m) => queueMicrotask(() => l.emit(m)), store, 'page'));
  const send = serialiseRequests(session);
  let open = true;
  return {
    send: (req) => {
      if (open) send(req);
    },
    listen: (fn) => l.add(fn),
    close: () => {
      open = false;
    },
  };
}

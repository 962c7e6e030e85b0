/**
 * The training worker: owns the TensorFlow.js backend (WebGL through OffscreenCanvas where the browser allows it),
 * the model and every tensor, so training never blocks the page.
 */
import type { Message, Request } from './train/protocol.ts';
import { openIndexedDbStore } from '../platform/browser/idb-store.ts';
import { TrainSession, serialiseRequests } from './train/session.ts';

const scope = self as unknown as { postMessage(m: Message, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<Request>) => void) | null };

const session = openIndexedDbStore().then((store) => new TrainSession((m, transfer) => scope.postMessage(m, transfer ?? []), store, 'worker'));
const send = serialiseRequests(session);

scope.onmessage = (e) => send(e.data);

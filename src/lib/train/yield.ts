/** Lets queued messages (pause, stop) and rendering in between training steps, without timer clamping. */

type Resolve = () => void;
const waiting: Resolve[] = [];
let channel: MessageChannel | null = null;

/** Resolves on a fresh macrotask: setImmediate in Node, a MessageChannel message in pages and workers. */
export function nextTask(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((r) => g.setImmediate!(r));
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  if (channel === null) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  return new Promise((r) => {
    waiting.push(r);
    channel!.port2.postMessage(0);
  });
}

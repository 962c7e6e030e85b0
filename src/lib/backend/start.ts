/**
 * Starts a backend by the site's one policy (src/core/backend.ts): the choice first, then the default order, and a
 * note for the reader when the backend in use is not the one asked for. Pages and workers call it with their own
 * capabilities (src/platform/browser/capabilities.ts); Node scripts name their backend and call setupBackend.
 */
import { fallbackNote, startOrder, type BackendChoice, type BackendName, type Capabilities, type Skipped } from '../../core/backend.ts';
import { setupBackend, type SetupOptions } from './index.ts';

export interface Started {
  readonly backend: BackendName;
  /** What was skipped or failed and why; null when the choice (or auto's first backend) started with nothing left out. */
  readonly note: string | null;
}

export interface StartOptions extends SetupOptions {
  /** The note's verb: 'Training' (default) on X instead, 'Running', ... */
  readonly doing?: string;
}

/** Makes the first backend of the policy's order for `choice` the active one; throws with every reason when none starts. */
export async function startBackend(choice: BackendChoice, caps: Capabilities, opts: StartOptions = {}): Promise<Started> {
  const { order, skipped } = startOrder(choice, caps);
  const tried: Skipped[] = [...skipped];
  for (const name of order) {
    try {
      // wasm runs on threads where cross-origin isolated (a worker inherits its page's isolation), else one thread.
      const backend = await setupBackend(name, opts);
      return { backend, note: fallbackNote(tried, backend, opts.doing) };
    } catch (e) {
      tried.push({ backend: name, kind: 'failed', reason: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${tried.map((s) => `${s.backend}: ${s.reason}.`).join(' ')}`);
}

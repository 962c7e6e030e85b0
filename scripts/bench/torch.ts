/** PyTorch reference of `npm run bench`: runs torch_resnet20.py with the first python3 that has torch (Debian's package). */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface TorchResult {
  readonly torch: string;
  readonly threads: number;
  readonly nchw: { train_img_s: number; infer_img_s: number };
  readonly channels_last: { train_img_s: number; infer_img_s: number };
}

const SCRIPT = fileURLToPath(new URL('./torch_resnet20.py', import.meta.url));
export const TORCH_HOWTO = 'PyTorch is not installed for any python3 here: on Debian/Ubuntu run `apt-get install python3-torch`, then rerun `npm run bench`.';
const run = promisify(execFile);

/** A python3 that can import torch (PATH first, then Debian's /usr/bin/python3, since pyenv shims may hide it). */
function findPython(): string | null {
  for (const py of [process.env['PYTHON'] ?? 'python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

let python: string | null | undefined;

/** Measures PyTorch training/inference img/s (without blocking the event loop, so Chromium's connection stays served), or returns an Error saying how to install it. */
export async function runTorch(batch: number, warmup: number, steps: number): Promise<TorchResult | Error> {
  python ??= findPython();
  const py = python;
  if (py == null) return new Error(TORCH_HOWTO);
  try {
    const { stdout } = await run(py, [SCRIPT, String(batch), String(warmup), String(steps)], { encoding: 'utf8', maxBuffer: 16 << 20 });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as TorchResult;
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim() || (e instanceof Error ? e.message : String(e));
    return new Error(`PyTorch benchmark failed (${py}): ${stderr.split('\n').slice(-3).join(' ')}`);
  }
}

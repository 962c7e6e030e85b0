/**
 * A finished (or running) training run's curves.json, as `npm run train` and the PyTorch export's train.py write it
 * (public/export/pytorch/run_io.py write_outputs): {model, config, recipe, ..., curves: {train: [{step, epoch, loss,
 * error}], val: [{step, epoch, accuracy}], log}, framework?, test_acc?}. One parser with messages that name the
 * field, so the labs can overlay a run made elsewhere on their charts.
 */

export interface RunTrainPoint { readonly step: number; readonly epoch: number; readonly loss: number; readonly error: number }
export interface RunValPoint { readonly step: number; readonly epoch: number; readonly accuracy: number }

export interface RunCurves {
  /** The network's short name as the run wrote it, e.g. 'resnet56'. */
  readonly model: string;
  /** 'pytorch 1.13.1' for the export's train.py; null for the site's own `npm run train`. */
  readonly framework: string | null;
  /** The degradation race's net this run trained ('plain-56'), from a race export's curves.json; null otherwise. */
  readonly net: string | null;
  /** How a chart labels the run: 'resnet56, run in PyTorch' ('plain-56, run in PyTorch' for a race's net). */
  readonly label: string;
  readonly train: readonly RunTrainPoint[];
  readonly val: readonly RunValPoint[];
  readonly testAccuracy: number | null;
}

const EXPECTED = 'a curves.json written by the PyTorch export\'s train.py or by npm run train ({"model": ..., "curves": {"train": [...], "val": [...]}})';

function number(v: unknown, where: string, opts: { min?: number; max?: number; nullable?: boolean } = {}): number {
  if (v === null && opts.nullable) return Number.NaN;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where} is ${JSON.stringify(v)}, expected a number.`);
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    throw new Error(`${where} is ${v}, expected a number from ${opts.min ?? '-∞'} to ${opts.max ?? '∞'}.`);
  }
  return v;
}

function list(v: unknown, where: string): Record<string, unknown>[] {
  if (!Array.isArray(v)) throw new Error(`${where} is ${v === undefined ? 'missing' : `not a list (${typeof v})`}.`);
  return v.map((p, i) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new Error(`${where}[${i}] is not an object.`);
    return p as Record<string, unknown>;
  });
}

/** JSON as Python's json module writes it: bare NaN and Infinity (a diverged loss) become null. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/(?<=[:,[]\s*)-?(?:NaN|Infinity)(?=\s*[,\]}])/g, 'null'));
  }
}

/** The run in `text`; throws a message naming the file, the field and what was expected. */
export function parseRunCurves(text: string, name = 'The file'): RunCurves {
  let raw: unknown;
  try {
    raw = parseJson(text);
  } catch (e) {
    throw new Error(`${name} is not JSON (${(e as Error).message}); expected ${EXPECTED}.`);
  }
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('it is not a JSON object.');
    const o = raw as Record<string, unknown>;
    if ('modelTopology' in o || 'weightsManifest' in o) throw new Error('it is a TensorFlow.js model.json, not a run\'s curves.');
    if (typeof o.curves !== 'object' || o.curves === null) throw new Error('it has no "curves" object.');
    const c = o.curves as Record<string, unknown>;
    const train = list(c.train, 'curves.train').map((p, i) => ({
      step: number(p.step, `curves.train[${i}].step`, { min: 0 }),
      epoch: number(p.epoch, `curves.train[${i}].epoch`, { min: 0 }),
      loss: number(p.loss, `curves.train[${i}].loss`, { min: 0, nullable: true }),
      error: number(p.error, `curves.train[${i}].error`, { min: 0, max: 1, nullable: true }),
    }));
    const val = list(c.val, 'curves.val').map((p, i) => ({
      step: number(p.step, `curves.val[${i}].step`, { min: 0 }),
      epoch: number(p.epoch, `curves.val[${i}].epoch`, { min: 0 }),
      accuracy: number(p.accuracy, `curves.val[${i}].accuracy`, { min: 0, max: 1 }),
    }));
    if (train.length === 0 && val.length === 0) throw new Error('its curves have no points yet.');
    const model = typeof o.model === 'string' && o.model !== '' ? o.model : 'a run';
    const framework = typeof o.framework === 'string' ? o.framework : null;
    const where = framework === null ? 'run with npm run train' : /^pytorch/i.test(framework) ? 'run in PyTorch' : `run in ${framework}`;
    const netField = o.net as { label?: unknown } | null | undefined;
    const net = typeof netField === 'object' && netField !== null && typeof netField.label === 'string' && netField.label !== '' ? netField.label : null;
    const testAccuracy = o.test_acc === undefined || o.test_acc === null ? null : number(o.test_acc, 'test_acc', { min: 0, max: 1 });
    return { model, framework, net, label: `${net ?? model}, ${where}`, train, val, testAccuracy };
  } catch (e) {
    throw new Error(`${name} is not a run's curves: ${(e as Error).message} Expected ${EXPECTED}.`);
  }
}

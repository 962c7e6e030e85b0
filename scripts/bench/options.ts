/** The command line of `npm run bench`: which targets, how many interleaved rounds, steps, the load threshold. */
import { parseArgs } from 'node:util';

export const DEFAULT_ROUNDS = 3;

export interface BenchOptions {
  readonly targets: readonly string[];
  readonly rounds: number;
  readonly steps: number | undefined;
  readonly warmup: number | undefined;
  /** A round is flagged when the 1-minute load average before one of its measurements is above this. */
  readonly maxLoad: number;
  readonly record: boolean;
  readonly help: boolean;
}

export function usage(all: readonly string[], cores: number): string {
  return [
    'npm run bench [-- options]',
    '  --targets a,b     targets to measure (default: all): ' + all.join(', '),
    '                    (--only is the older name of --targets)',
    `  --rounds N        interleaved rounds, every target once per round (default ${DEFAULT_ROUNDS})`,
    '  --steps N         timed training steps per measurement (default: each target\'s own)',
    '  --warmup N        warm-up steps per measurement (default: each target\'s own)',
    `  --max-load X      flag a round when the 1-minute load average before one of its measurements exceeds X (default ${cores}, the core count)`,
    '  --no-record       print only: do not append to bench/results.jsonl nor rewrite BENCHMARKS.md',
    '  --help            this text',
  ].join('\n');
}

/** Parses the arguments after `npm run bench --`; throws an Error with a clear message on bad input. */
export function parseOptions(args: readonly string[], all: readonly string[], cores: number): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        targets: { type: 'string' }, only: { type: 'string' }, rounds: { type: 'string' }, steps: { type: 'string' },
        warmup: { type: 'string' }, 'max-load': { type: 'string' }, 'no-record': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${usage(all, cores)}`);
  }
  if (values.targets != null && values.only != null) throw new Error('Give --targets or --only (its older name), not both.');
  const list = values.targets ?? values.only;
  const targets = list != null ? list.split(',').map((s) => s.trim()).filter(Boolean) : [...all];
  if (targets.length === 0) throw new Error(`--targets needs at least one target; choose from ${all.join(', ')}.`);
  const unknown = targets.filter((t) => !all.includes(t));
  if (unknown.length) throw new Error(`Unknown bench target(s) ${unknown.join(', ')}; choose from ${all.join(', ')}.`);
  const int = (v: string | undefined, what: string, min: number) => {
    if (v == null) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min) throw new Error(`--${what} needs an integer >= ${min}, got '${v}'.`);
    return n;
  };
  const maxLoad = values['max-load'] == null ? cores : Number(values['max-load']);
  if (!Number.isFinite(maxLoad) || maxLoad < 0 || values['max-load']?.trim() === '') {
    throw new Error(`--max-load needs a number >= 0 (a 1-minute load average), got '${values['max-load']}'.`);
  }
  return {
    targets: all.filter((t) => targets.includes(t)),
    rounds: int(values.rounds, 'rounds', 1) ?? DEFAULT_ROUNDS,
    steps: int(values.steps, 'steps', 1),
    warmup: int(values.warmup, 'warmup', 0),
    maxLoad,
    record: !values['no-record'],
    help: values.help ?? false,
  };
}

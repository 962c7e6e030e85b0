/**
 * The labs' settings as one declarative table per lab that round-trips through the URL, seed included (the idea of
 * TensorFlow Playground's state.ts): a teacher's link reproduces the experiment. This file holds the machinery (the
 * kinds of setting, reading, writing, merging queries); the tables are in degradation-settings.ts (the race) and
 * lab-tables.ts (the other labs). Pure functions, no DOM.
 */

/** How one setting is read from and written to the URL. */
export interface SettingSpec<T> {
  /** URL query key. */
  readonly key: string;
  readonly label: string;
  readonly default: T;
  /** The value, or an Error whose message names the problem and the fix. */
  parse(raw: string): T | Error;
  format(value: T): string;
  /** How a form offers it: a number field with bounds, a list of choices, or custom (the lab draws its own control). */
  readonly input: { readonly kind: 'number'; readonly min: number; readonly max: number; readonly step: number | 'any' }
    | { readonly kind: 'choice'; readonly options: readonly string[] }
    | { readonly kind: 'custom' };
}

/** A lab's settings table: field name -> spec. */
export type SettingsTable<S> = { readonly [K in keyof S]: SettingSpec<S[K]> };

/** Integer in [min, max]. */
export function intSetting(key: string, label: string, def: number, min: number, max: number): SettingSpec<number> {
  return {
    key, label, default: def,
    input: { kind: 'number', min, max, step: 1 },
    parse(raw) {
      const v = Number(raw);
      if (!Number.isInteger(v) || v < min || v > max) {
        return new Error(`"${key}=${raw}": ${label} must be a whole number from ${min} to ${max}; using ${def}.`);
      }
      return v;
    },
    format: (v) => String(v),
  };
}

/** Positive real number in [min, max]. */
export function numberSetting(key: string, label: string, def: number, min: number, max: number): SettingSpec<number> {
  return {
    key, label, default: def,
    input: { kind: 'number', min, max, step: 'any' },
    parse(raw) {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v) || v < min || v > max) {
        return new Error(`"${key}=${raw}": ${label} must be a number from ${min} to ${max}; using ${def}.`);
      }
      return v;
    },
    format: (v) => String(Number(v.toPrecision(6))),
  };
}

/** One of a fixed list of strings or numbers. */
export function choiceSetting<T extends string | number>(key: string, label: string, def: T, options: readonly T[]): SettingSpec<T> {
  return {
    key, label, default: def,
    input: { kind: 'choice', options: options.map(String) },
    parse(raw) {
      const hit = options.find((o) => String(o) === raw);
      return hit ?? new Error(`"${key}=${raw}": ${label} must be one of ${options.join(', ')}; using ${def}.`);
    },
    format: (v) => String(v),
  };
}

/** Settings read from a query string, with one message per value that was rejected (its default is used instead). */
export interface ReadResult<S> {
  readonly settings: S;
  readonly problems: readonly string[];
}

/** Reads every setting of `table` from `search` (e.g. location.search); missing keys take their default. */
export function readSettings<S>(table: SettingsTable<S>, search: string): ReadResult<S> {
  const params = new URLSearchParams(search);
  const out: Partial<S> = {};
  const problems: string[] = [];
  for (const field of Object.keys(table) as (keyof S)[]) {
    const spec = table[field];
    const raw = params.get(spec.key);
    if (raw === null) {
      out[field] = spec.default;
      continue;
    }
    const v = spec.parse(raw);
    if (v instanceof Error) {
      problems.push(v.message);
      out[field] = spec.default;
    } else {
      out[field] = v;
    }
  }
  return { settings: out as S, problems };
}

/** Every setting of `table` at its default (what a link without a query string runs). */
export function defaultsOf<S>(table: SettingsTable<S>): S {
  return readSettings(table, '').settings;
}

/** The query string (without '?') that reproduces `settings`; every key is written so links survive default changes. */
export function writeSettings<S>(table: SettingsTable<S>, settings: S): string {
  const params = new URLSearchParams();
  for (const field of Object.keys(table) as (keyof S)[]) {
    const spec = table[field];
    params.set(spec.key, spec.format(settings[field]));
  }
  // Commas in the nets list are safe in a query; keeping them literal makes links readable.
  return params.toString().replace(/%2C/g, ',');
}

/** `search` (a query string, '?' optional) with every key of the `queries` set to their values; commas kept literal. */
export function mergeQuery(search: string, ...queries: readonly string[]): string {
  const params = new URLSearchParams(search);
  for (const q of queries) for (const [k, v] of new URLSearchParams(q)) params.set(k, v);
  return params.toString().replace(/%2C/g, ',');
}

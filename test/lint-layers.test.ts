import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Lints a snippet as if it lived at `filePath`, with the project's eslint.config.js. */
async function importErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

describe('import directions (design.md) are enforced by the linter', () => {
  it('lets src/core import nothing but itself: no package, no host module, no other layer', async () => {
    expect(await importErrors('src/core/x.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport const a = tf;\n")).toHaveLength(1);
    expect(await importErrors('src/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
    expect(await importErrors('src/core/x.ts', "import { a } from '../lib/random.ts';\nexport const b = a;\n")).toHaveLength(1);
    expect(await importErrors('src/core/model/x.ts', "import { a } from '../../client/c.ts';\nexport const b = a;\n")).toHaveLength(1);
    expect(await importErrors('src/core/model/x.ts', "import { a } from '../data/cifar10.ts';\nexport const b = a;\n")).toEqual([]);
  });
  it('lets every layer import core', async () => {
    for (const layer of ['lib', 'platform', 'viz', 'client', 'workers', 'components']) {
      expect(await importErrors(`src/${layer}/x.ts`, "import { a } from '../core/random.ts';\nexport const b = a;\n")).toEqual([]);
    }
  });
  it('keeps d3 and Astro out of src/lib', async () => {
    expect(await importErrors('src/lib/x.ts', "import * as d3 from 'd3';\nexport const a = d3;\n")).toHaveLength(1);
    expect(await importErrors('src/lib/x.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport const a = tf;\n")).toEqual([]);
  });
  it('lets src/lib import only src/lib, src/core and @tensorflow/*: no Node module, no other package, no host folder', async () => {
    const lib = (code: string) => importErrors('src/lib/data/x.ts', `${code}\nexport const b = a;\n`);
    expect(await lib("import { readFile as a } from 'node:fs/promises';")).toHaveLength(1);
    expect(await lib("import { PNG as a } from 'pngjs';")).toHaveLength(1);
    expect(await lib("import { a } from '../../platform/browser/idb-store.ts';")).toHaveLength(1);
    expect(await lib("import { a } from '../../workers/train/protocol.ts';")).toHaveLength(1);
    expect(await lib("import { a } from '../../../scripts/lib/load-node.ts';")).toHaveLength(1);
    expect(await lib("import { a } from '../../client/backend.ts';")).toHaveLength(1);
    expect(await lib("import { setWasmPaths as a } from '@tensorflow/tfjs-backend-wasm';")).toEqual([]);
    expect(await lib("import { a } from './layout.ts';")).toEqual([]);
    expect(await lib("import { a } from '../model/index.ts';")).toEqual([]);
    expect(await lib("import { a } from '../../core/data/cifar10.ts';")).toEqual([]);
  });
  it('lets src/platform use lib, core and TensorFlow.js, but no page, figure, client or worker code', async () => {
    const platform = (code: string) => importErrors('src/platform/browser/x.ts', `${code}\nexport const b = a;\n`);
    expect(await platform("import { a } from '../../lib/data/layout.ts';")).toEqual([]);
    expect(await platform("import { a } from '../../core/random.ts';")).toEqual([]);
    expect(await platform("import * as a from '@tensorflow/tfjs-core';")).toEqual([]);
    expect(await platform("import * as a from 'd3';")).toHaveLength(1);
    expect(await platform("import { readFile as a } from 'node:fs/promises';")).toHaveLength(1);
    expect(await platform("import { a } from '../../client/backend.ts';")).toHaveLength(1);
    expect(await platform("import { a } from '../../workers/train/protocol.ts';")).toHaveLength(1);
    expect(await platform("import { a } from '../../components/near.ts';")).toHaveLength(1);
    expect(await platform("import { a } from '../../viz/theme.ts';")).toHaveLength(1);
    expect(await platform("import { a } from '../../pages/p.ts';")).toHaveLength(1);
  });
  it('lets workers and the client use src/platform, figures and renderers not', async () => {
    expect(await importErrors('src/workers/x.ts', "import { a } from '../platform/browser/idb-store.ts';\nexport const b = a;\n")).toEqual([]);
    expect(await importErrors('src/client/x.ts', "import { a } from '../platform/browser/idb-store.ts';\nexport const b = a;\n")).toEqual([]);
    expect(await importErrors('src/components/x.ts', "import { a } from '../platform/browser/idb-store.ts';\nexport const b = a;\n")).toHaveLength(1);
    expect(await importErrors('src/viz/x.ts', "import { a } from '../platform/browser/idb-store.ts';\nexport const b = a;\n")).toHaveLength(1);
  });
  it('keeps TensorFlow.js and the library out of src/viz, but lets types through', async () => {
    expect(await importErrors('src/viz/x.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport const a = tf;\n")).toHaveLength(1);
    expect(await importErrors('src/viz/x.ts', "import { Rng } from '../lib/random.ts';\nexport const a = Rng;\n")).toHaveLength(1);
    expect(await importErrors('src/viz/x.ts', "import type { Rng } from '../lib/random.ts';\nexport type A = Rng;\n")).toEqual([]);
  });
  it('lets components use viz and client but not the library or the worker', async () => {
    expect(await importErrors('src/components/x.ts', "import { a } from '../lib/random.ts';\nexport const b = a;\n")).toHaveLength(1);
    expect(await importErrors('src/components/x.ts', "import { a } from '../workers/w.ts';\nexport const b = a;\n")).toHaveLength(1);
    expect(await importErrors('src/components/x.ts', "import { a } from '../viz/v.ts';\nexport const b = a;\n")).toEqual([]);
  });
  it('keeps drawing out of the client and the worker', async () => {
    expect(await importErrors('src/client/x.ts', "import { a } from '../viz/v.ts';\nexport const b = a;\n")).toHaveLength(1);
    expect(await importErrors('src/workers/x.ts', "import * as d3 from 'd3';\nexport const a = d3;\n")).toHaveLength(1);
  });
});

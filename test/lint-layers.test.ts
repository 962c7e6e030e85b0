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
    for (const layer of ['lib', 'viz', 'client', 'workers', 'components']) {
      expect(await importErrors(`src/${layer}/x.ts`, "import { a } from '../core/random.ts';\nexport const b = a;\n")).toEqual([]);
    }
  });
  it('keeps d3 and Astro out of src/lib', async () => {
    expect(await importErrors('src/lib/x.ts', "import * as d3 from 'd3';\nexport const a = d3;\n")).toHaveLength(1);
    expect(await importErrors('src/lib/x.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport const a = tf;\n")).toEqual([]);
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

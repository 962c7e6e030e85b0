import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** Messages of rule `ruleSuffix` for a snippet linted as if it lived at `filePath`, with the project's eslint.config.js. */
async function errorsOf(ruleSuffix: string, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`${filePath} did not parse: ${fatal.map((m) => m.message).join('; ')}`);
  return (result?.messages ?? []).filter((m) => m.ruleId?.endsWith(ruleSuffix)).map((m) => m.message);
}
const importErrors = (filePath: string, code: string) => errorsOf('no-restricted-imports', filePath, code);
const arithmeticErrors = (filePath: string, code: string) => errorsOf('no-restricted-syntax', filePath, code);

/** An .astro file with `frontmatter` between the fences and `script` in a client <script> block. */
const astroFile = (frontmatter: string, script = '') =>
  `---\n${frontmatter}\n---\n<p>page</p>\n${script ? `<script>\n${script}\n</script>\n` : ''}`;
/** An MDX page: `esm` lines, then prose with `body` in it. */
const mdxFile = (esm: string, body: string) => `---\ntitle: T\n---\n${esm}\n\nSome prose with ${body} in it.\n`;

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

describe('the same layer rules hold in .astro files, frontmatter and <script> blocks alike', () => {
  it('keeps src/lib, src/client, src/viz and the worker out of an .astro page, in either part', async () => {
    expect(await importErrors('src/pages/x.astro', astroFile("import { a } from '../lib/data/hash.ts';\nconst b = a;"))).toHaveLength(1);
    expect(await importErrors('src/pages/x.astro', astroFile('', "import { a } from '../lib/data/hash.ts';\nconsole.log(a);"))).toHaveLength(1);
    expect(await importErrors('src/pages/labs/x.astro', astroFile('', "import { a } from '../../client/backend.ts';\nconsole.log(a);"))).toHaveLength(1);
    expect(await importErrors('src/pages/x.astro', astroFile("import { a } from '../viz/theme.ts';\nconst b = a;"))).toHaveLength(1);
    expect(await importErrors('src/pages/x.astro', astroFile('', "import * as tf from '@tensorflow/tfjs-core';\nconsole.log(tf);"))).toHaveLength(1);
  });
  it('lets a page or layout compose components and layouts, and import core and data', async () => {
    const ok = [
      "import Base from '../layouts/Base.astro';",
      "import Aside from '../components/Aside.astro';",
      "import { chapters } from '../core/chapters.ts';",
      "import runs from '../data/reference_runs.json';",
      'const all = [Base, Aside, chapters, runs];',
    ].join('\n');
    expect(await importErrors('src/pages/x.astro', astroFile(ok))).toEqual([]);
    expect(await importErrors('src/layouts/x.astro', astroFile(ok.replaceAll('../layouts/', './')))).toEqual([]);
  });
  it('keeps a layout to the rules of pages', async () => {
    expect(await importErrors('src/layouts/x.astro', astroFile("import { a } from '../viz/theme.ts';\nconst b = a;"))).toHaveLength(1);
  });
  it('lints a component\'s .astro like its .ts: client yes, library no', async () => {
    expect(await importErrors('src/components/X.astro', astroFile('', "import { a } from '../lib/model/index.ts';\nconsole.log(a);"))).toHaveLength(1);
    expect(await importErrors('src/components/X.astro', astroFile("import { a } from '../workers/train.worker.ts';\nconst b = a;"))).toHaveLength(1);
    expect(await importErrors('src/components/X.astro', astroFile('', "import { a } from '../client/backend.ts';\nconsole.log(a);"))).toEqual([]);
    expect(await importErrors('src/components/X.astro', astroFile('', "import type { A } from '../lib/backend/index.ts';\nconst a: A | null = null;\nconsole.log(a);"))).toEqual([]);
  });
  it('lets the test pages of test/pages/ (fixtures, not the site) import the library directly', async () => {
    expect(await importErrors('test/pages/x.astro', astroFile('', "import { a } from '../../src/lib/data/hash.ts';\nconsole.log(a);"))).toEqual([]);
  });
});

describe('MDX pages compose components and show numbers from core', () => {
  it('applies the page rules to MDX imports', async () => {
    expect(await importErrors('src/pages/x.mdx', mdxFile("import { logLine } from '../lib/train/state.ts';", '{logLine(1, 2, 3, 4)}'))).toHaveLength(1);
    expect(await importErrors('src/pages/labs/x.mdx', mdxFile("import { a } from '../../client/backend.ts';", '{a}'))).toHaveLength(1);
    const ok = "import Aside from '../components/Aside.astro';\nimport { paperRecipe } from '../core/train/recipes.ts';\nexport const paper = paperRecipe();";
    expect(await importErrors('src/pages/x.mdx', mdxFile(ok, '<Aside title="a">{paper.batchSize}</Aside>'))).toEqual([]);
    const data = "import Chapter from '../../layouts/Chapter.astro';\nimport runs from '../../data/reference_runs.json';";
    expect(await importErrors('src/pages/labs/x.mdx', mdxFile(data, '{runs.length} and <Chapter />'))).toEqual([]);
  });
  it('lets an MDX page import nothing else: no package, no module of its own', async () => {
    expect(await importErrors('src/pages/x.mdx', mdxFile("import * as d3 from 'd3';", '{d3.version}'))).toHaveLength(1);
    expect(await importErrors('src/pages/x.mdx', mdxFile("import { n } from './numbers.ts';", '{n}'))).toHaveLength(1);
  });
  it('rejects arithmetic in an MDX expression or export, and accepts plain reads and calls', async () => {
    const esm = "import { t } from '../core/labs/settings.ts';";
    expect(await arithmeticErrors('src/pages/x.mdx', mdxFile(esm, '{2 * t.width}'))).toHaveLength(1);
    expect(await arithmeticErrors('src/pages/x.mdx', mdxFile(esm, '{t.steps - 1}'))).toHaveLength(1);
    expect(await arithmeticErrors('src/pages/x.mdx', mdxFile(esm, '{Math.round(t.steps)}'))).toHaveLength(1);
    expect(await arithmeticErrors('src/pages/x.mdx', mdxFile(`${esm}\nexport const e = globalThis.Math.ceil(t.steps);`, '{e}'))).toHaveLength(1);
    expect(await arithmeticErrors('src/pages/x.mdx', mdxFile(`${esm}\nexport const n = t.steps / t.batch;`, '{n}'))).toHaveLength(1);
    expect(await arithmeticErrors('src/pages/x.mdx', mdxFile(esm, "{t.width.toLocaleString('en-US')} and {t.on ? 'yes' : 'no'}"))).toEqual([]);
  });
});

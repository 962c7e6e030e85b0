// Lint rules, and the import directions of ../shared/design.md (see README "Layout"):
//   pages -> components -> (viz, client) ; client -> (platform, lib) ; workers -> (platform, lib) ;
//   platform -> (lib, core, @tensorflow/*) ; lib -> (core, @tensorflow/*) ; everyone -> core ;
//   core -> nothing (no package, no other folder of src).
// The same rules hold for every file type of a folder: .ts, .astro (frontmatter and <script> blocks, through
// eslint-plugin-astro) and .mdx (ESM and {expressions}, through eslint-plugin-mdx).
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import * as mdx from 'eslint-plugin-mdx';

const layer = (name) => ({ group: [`**/${name}/**`, `**/${name}`], message: `src/${name} may not be imported from here (README: Layout).` });
const pkg = (names, why) => ({ group: names, message: why });

/** `no-restricted-imports` patterns for a folder; type-only imports are always allowed. */
function restrict(files, patterns) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }],
    },
  };
}

const noDomLibs = pkg(['d3', 'd3-*', 'astro', 'astro:*', 'astro/*'], 'Workers draw nothing and run no Astro: no d3, no Astro.');
/** Any package at all (a specifier that is not a relative path). */
const anyPackage = { regex: '^(?!\\.)', message: 'src/core imports nothing: no package, no host API (README: Layout).' };
/** Any package but TensorFlow.js (node:*, pngjs, d3, astro, ...). */
const onlyTf = (folder, why) => ({ regex: '^(?!\\.|@tensorflow/)', message: `${folder} may import only @tensorflow/* among packages: ${why} (README: Layout).` });
const noTf = pkg(['@tensorflow/*'], 'TensorFlow.js belongs in src/lib and the worker (README: Layout).');

/**
 * MDX chapters compose components and show numbers that core computes: no arithmetic of their own (design.md). Each
 * entry is an esquery selector over the MDX's ESM and {expressions}.
 */
const noArithmetic = [
  ['BinaryExpression[operator=/^([-+*/%]|\\*\\*)$/]', 'an arithmetic operator'],
  ['UpdateExpression', 'an increment or decrement'],
  ['AssignmentExpression[operator!="="]', 'a compound assignment'],
  ['CallExpression[callee.object.name="Math"]', 'a Math function'],
  ['CallExpression[callee.object.property.name="Math"]', 'a Math function'],
].map(([selector, what]) => ({
  selector,
  message: `An MDX page has no arithmetic of its own (${what}): compute the number in src/core and import it (README: Layout).`,
}));

/** Globs of a folder's files of every type, .astro <script> blocks (virtual files `X.astro/0_0.ts`) included. */
const allTypes = (dir) => [`${dir}/**`];

/** What a page may import: components, layouts, core definitions and data; the rest goes through a component. */
const pageImports = [noTf, layer('lib'), layer('platform'), layer('workers'), layer('client'), layer('viz')];
/** An MDX page imports from those four folders only (no package, no file of its own folder). */
const mdxImports = {
  regex: '^(?!(\\.\\./)+(components|layouts|core|data)/)',
  message: 'An MDX page imports only from src/components, src/layouts, src/core and src/data (README: Layout).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'native/**', '.astro/**', 'node_modules/**', 'public/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    ...mdx.flat,
    // .mdx only: README.md and BENCHMARKS.md are plain Markdown, not MDX.
    files: ['**/*.mdx'],
    rules: {
      ...mdx.flat.rules,
      // An MDX {expression} in the prose is a value to show, not a statement left unused.
      'no-unused-expressions': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      'no-restricted-syntax': ['error', ...noArithmetic],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  restrict(allTypes('src/core'), [anyPackage, ...['lib', 'platform', 'viz', 'components', 'client', 'workers', 'pages', 'layouts', 'styles'].map(layer)]),
  // Tensor code that runs the same in a page, a worker and Node: src/lib and src/core only, no host module.
  restrict(allTypes('src/lib'), [
    onlyTf('src/lib', 'it runs the same in a page, a worker and Node; host code lives in src/platform, src/workers or scripts'),
    ...['platform', 'viz', 'components', 'client', 'workers', 'pages', 'layouts', 'styles', 'scripts'].map(layer),
  ]),
  // Browser host code shared by pages and workers (IndexedDB, fetch + image decoding, GPU probes): over lib and core.
  restrict(allTypes('src/platform'), [
    onlyTf('src/platform', 'it is host code over src/lib and src/core'),
    ...['viz', 'components', 'client', 'workers', 'pages', 'layouts', 'scripts'].map(layer),
  ]),
  restrict(allTypes('src/viz'), [noTf, layer('lib'), layer('platform'), layer('components'), layer('client'), layer('workers'), layer('pages')]),
  restrict(allTypes('src/client'), [pkg(['d3', 'd3-*'], 'The client carries data, it does not draw.'), layer('viz'), layer('components'), layer('workers'), layer('pages')]),
  restrict(allTypes('src/workers'), [noDomLibs, layer('viz'), layer('components'), layer('client'), layer('pages')]),
  restrict(allTypes('src/components'), [noTf, layer('lib'), layer('platform'), layer('workers'), layer('pages')]),
  // Pages and layouts compose components, layouts, core definitions and data; everything else goes through a component.
  ...['src/pages', 'src/layouts'].map((dir) => restrict(allTypes(dir), pageImports)),
  restrict(['src/pages/**/*.mdx'], [mdxImports]),
);

// Lint rules, and the import directions of ../shared/design.md (see README "Layout"):
//   pages -> components -> (viz, client) ; client -> lib ; workers -> lib ; lib -> core + @tensorflow/* ;
//   everyone -> core ; core -> nothing (no package, no other folder of src).
import tseslint from 'typescript-eslint';

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

const noDomLibs = pkg(['d3', 'd3-*', 'astro', 'astro:*', 'astro/*'], 'src/lib runs in pages, workers and Node: no d3, no Astro.');
/** Any package at all (a specifier that is not a relative path). */
const anyPackage = { regex: '^(?!\\.)', message: 'src/core imports nothing: no package, no host API (README: Layout).' };
const noTf = pkg(['@tensorflow/*'], 'TensorFlow.js belongs in src/lib and the worker (README: Layout).');

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'native/**', '.astro/**', 'node_modules/**', 'public/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  restrict(['src/core/**'], [anyPackage, ...['lib', 'viz', 'components', 'client', 'workers', 'pages', 'layouts', 'styles'].map(layer)]),
  restrict(['src/lib/**'], [noDomLibs, layer('viz'), layer('components'), layer('client'), layer('workers'), layer('pages'), layer('layouts')]),
  restrict(['src/viz/**'], [noTf, layer('lib'), layer('components'), layer('client'), layer('workers'), layer('pages')]),
  restrict(['src/client/**'], [pkg(['d3', 'd3-*'], 'The client carries data, it does not draw.'), layer('viz'), layer('components'), layer('workers'), layer('pages')]),
  restrict(['src/workers/**'], [noDomLibs, layer('viz'), layer('components'), layer('client'), layer('pages')]),
  restrict(['src/components/**'], [noTf, layer('lib'), layer('workers'), layer('pages')]),
);

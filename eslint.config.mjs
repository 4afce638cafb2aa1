import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import { noImportCycle } from './scripts/lint/import-cycles.mjs';

/**
 * Layer boundaries (docs/ARCHITECTURE.md), checked on every lint run:
 * - src/core is pure: no Forge SDK, no Jira client, no storage, no services, no Node I/O, and it is the
 *   bottom layer: it imports nothing from src/shared (shared re-exports what the UI needs from core);
 * - src/shared (the contract that static/ also bundles) imports core only as types, except the
 *   dependency-free core/domain, core/text, core/dates, core/dossier-format and core/rules;
 * - handlers (resolvers, validators, triggers) go through services: no storage, no Jira client;
 * - static/ imports only src/shared from src/ (no core, services, storage or jira);
 * - nothing under src/ or static/ imports the sandbox (packages/forge-sandbox, `@kayttoonotto/forge-sandbox`): the app
 *   uses it only from its tests, bench/, scripts/ and dev/sandbox (npm start);
 * - the sandbox package imports nothing of the app (src/, static/, test/, dev/…): no relative import leaves a
 *   workspace package (`import-x/no-relative-packages`), and the package has no dependency on the app;
 * - no import cycles in src/, static/, packages/, dev/, scripts/, bench/ (and test/): `import-x/no-cycle` for imports that
 *   load code, and `layers/no-import-cycle` (scripts/lint/import-cycles.mjs) for cycles through
 *   type-only imports too, which import-x skips by design.
 * test/lint/layers.test.ts shows that each rule fails on a deliberate violation.
 */
const NO_SANDBOX = {
  regex: '(^|/)(sandbox|packages)(/|$)|^@kayttoonotto/forge-sandbox(/|$)',
  message: 'src/ never imports the sandbox (@kayttoonotto/forge-sandbox): only tests, bench/, scripts/ and dev/ do.',
};
const NODE_IO = [
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'child_process',
  'node:fs',
  'node:fs/promises',
  'node:http',
  'node:https',
  'node:net',
  'node:child_process',
];

export const layerRules = [
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: NODE_IO.map((name) => ({ name, message: 'src/core is pure: no I/O.' })),
          patterns: [
            { regex: '^@forge/', message: 'src/core is pure: no Forge SDK.' },
            {
              regex: '(^|/)(jira|storage|services|resolvers|validators|triggers)(/|$)',
              message: 'src/core is pure: it imports no I/O layer.',
            },
            {
              regex: '(^|/)(shared|static)(/|$)',
              message:
                'src/core is the bottom layer: it imports nothing from src/shared or static/ (define the type in core; shared re-exports it).',
            },
            NO_SANDBOX,
          ],
        },
      ],
      // `import('…')` in a type position is an import too (no-restricted-imports does not see it).
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSImportType[argument.literal.value=/(^|\\/)(shared|static)(\\/|$)/]',
          message: 'src/core is the bottom layer: it imports nothing from src/shared or static/, in types neither.',
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!(domain|text|dates|dossier-format|rules)$)',
              allowTypeImports: true,
              message:
                'src/shared is bundled into the UI: import core only as types (`import type`), except the dependency-free core/domain, core/text, core/dates, core/dossier-format and core/rules.',
            },
            { regex: '^@forge/', message: 'src/shared is bundled into the UI: no Forge SDK.' },
            { regex: '(^|/)(jira|storage|services|resolvers|validators|triggers)(/|$)', message: 'src/shared imports no server layer.' },
            NO_SANDBOX,
          ],
        },
      ],
    },
  },
  {
    files: ['src/resolvers/**/*.ts', 'src/validators/**/*.ts', 'src/triggers/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)storage(/|$)', message: 'Handlers go through services: no direct storage access.' },
            { regex: '(^|/)jira/(client|transport)$', message: 'Handlers go through services: no direct Jira calls.' },
            NO_SANDBOX,
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/core/**', 'src/shared/**', 'src/resolvers/**', 'src/validators/**', 'src/triggers/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_SANDBOX] }] },
  },
  {
    // A function answers only once its own requests are done: parallel waits go through allSettledOrThrow.
    files: ['src/**/*.ts'],
    ignores: ['src/core/settled.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Promise',
          property: 'all',
          message:
            'Promise.all answers at the first failure while the rest still run: use allSettledOrThrow (src/core/settled.ts), which waits for all.',
        },
      ],
    },
  },
  {
    files: ['static/**/*.ts', 'static/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src/(?!shared(/|$))',
              message: 'static/ imports only src/shared/** from src/ (the UI bundle must not carry server code).',
            },
            { regex: '^@forge/(api|kvs|resolver|events)$', message: 'static/ runs in the browser: only @forge/bridge.' },
            { ...NO_SANDBOX, message: 'static/ never imports the sandbox (@kayttoonotto/forge-sandbox).' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSImportType[argument.literal.value=/(^|\\/)src\\/(?!shared(\\/|$))/]',
          message: 'static/ imports only src/shared/** from src/, in types too.',
        },
      ],
    },
  },
];

/** Workspace packages stay apart: a relative import never leaves its package (the sandbox imports nothing of the app,
 * and the app reaches the sandbox only by its package name). */
export const packageRules = [
  {
    files: ['**/*.{ts,tsx,mts}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.mjs', '.js', '.cjs', '.json'] })],
    },
    rules: { 'import-x/no-relative-packages': 'error' },
  },
];

/** No import cycles (see the header), in the tests' own files too. */
export const cycleRules = [
  {
    files: ['**/*.{ts,tsx,mts,mjs,js,cjs}'],
    plugins: { 'import-x': importX, layers: { rules: { 'no-import-cycle': noImportCycle } } },
    settings: {
      // import-x reads only files with these extensions, TypeScript ones through typescript-eslint's parser.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.mjs', '.js', '.cjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'layers/no-import-cycle': 'error',
    },
  },
];

/** No source file of the app (src/, static/) or of a workspace package over 400 lines (issue 21): a file that grows past
 * it holds more than one use case or region and is split. The built-in template's data is the one exception. */
export const sizeRules = [
  {
    files: ['src/**/*.{ts,tsx}', 'static/**/*.{ts,tsx}', 'packages/*/src/**/*.{ts,tsx}'],
    ignores: ['src/core/template/kayttoonotto.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'static/*/build/',
      'coverage/',
      '.sandbox-data/',
      'test-results/',
      'artifacts/',
      'vendor/',
      'reports/',
      '.stryker-tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  ...layerRules,
  ...packageRules,
  ...cycleRules,
  ...sizeRules,
);

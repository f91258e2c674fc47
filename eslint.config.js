// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)].filter(
  (name) => !name.startsWith('_'),
);

/** Folder boundaries (see docs/architecture.md): each rule says what a folder may never import. */
const forbid = (names, message, patterns = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // Contract handlers are async by type even when they have nothing to await.
      '@typescript-eslint/require-await': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['common/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...forbid(
        [...nodeBuiltins, 'electron', 'react', 'better-sqlite3', 'fastify', 'ws', 'conf'],
        'common/ is shared by every side: no Node, Electron, DOM or server modules.',
        ['node:*'],
      ),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'process',
        'Buffer',
        'require',
        '__dirname',
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'sync-server/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: forbid(['electron'], 'Only main/electron/ may import electron: the core runs in plain Node.'),
  },
  {
    // Routes translate HTTP only: no SQL in them (services and the data layer hold it).
    files: ['sync-server/routes/**/*.ts', 'sync-server/http/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Literal[value=/^\\s*(SELECT\\s.*\\sFROM|INSERT\\s+INTO|UPDATE\\s+\\w+\\s+SET|DELETE\\s+FROM)\\s/i]',
          message: 'Routes translate HTTP only: put SQL in a service or the data layer.',
        },
        {
          selector:
            'TemplateElement[value.raw=/^\\s*(SELECT\\s.*\\sFROM|INSERT\\s+INTO|UPDATE\\s+\\w+\\s+SET|DELETE\\s+FROM)\\s/i]',
          message: 'Routes translate HTTP only: put SQL in a service or the data layer.',
        },
      ],
    },
  },
  {
    // What one reader holds in mind (issue 18): no function or factory past 250 lines in the core or the server.
    files: ['main/**/*.ts', 'sync-server/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 250, skipBlankLines: true, skipComments: true, IIFEs: true }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...forbid(
        [...nodeBuiltins, 'electron', 'better-sqlite3', 'conf', 'fastify', 'ws'],
        'The renderer talks only to window.zhiku: no Node or Electron modules.',
        ['node:*'],
      ),
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: forbid(nodeBuiltins, 'The sandboxed preload has no Node built-ins; it may only use electron.', ['node:*']),
  },
);

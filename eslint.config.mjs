// Lint rules that keep the architecture honest: workflows stay deterministic,
// promises are never dropped, type imports are explicit and import cycles fail.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'http',
  'https',
  'net',
  'child_process',
  'crypto',
  'stream',
  'zlib',
  'dns',
  'worker_threads',
  'cluster',
  'readline',
  'timers',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'state/**',
      '.venv/**',
      'artifacts/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((m) => [m, `node:${m}`]),
            'mariadb',
            '@aws-sdk/client-cloudwatch',
            'nodemailer',
          ].map((name) => ({ name, message: 'Workflows are deterministic: no I/O. Call an activity.' })),
          patterns: [
            { group: ['@tensorflow/*'], message: 'Workflows never touch tensors: call an ML activity.' },
            {
              group: ['**/db/*', '**/db', '**/ingest/cloudwatch-client*'],
              message: 'Workflows never reach the database or AWS.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);

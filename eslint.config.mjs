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

/** Packages that do I/O, forbidden in the pure libraries (src/forecast, src/modelling). */
const ioPackages = ['mariadb', 'nodemailer', 'fastify', 'smtp-server'].map((name) => ({
  name,
  message: 'src/forecast and src/modelling do no I/O.',
}));
const ioPatterns = [
  {
    group: ['@temporalio/*', '@aws-sdk/*'],
    message: 'src/forecast and src/modelling know nothing of Temporal or AWS: activities adapt them.',
  },
];
/** Our rooms that reach storage, Temporal, HTTP, mail or the configuration. */
const ourIoRooms = [
  'db',
  'activities',
  'workflows',
  'workers',
  'api',
  'dashboard',
  'client',
  'mail',
  'config',
].flatMap((room) => [`**/${room}`, `**/${room}/*`]);

/** The import rule of a pure library: no I/O package, and `ours` as given. */
function libraryImports(ours) {
  return {
    'no-restricted-imports': ['error', { paths: ioPackages, patterns: [...ioPatterns, ours, noCommands] }],
  };
}

/** A folder of ours and everything in it. */
const rooms = (...names) => names.flatMap((room) => [`**/${room}`, `**/${room}/*`]);

/** The CLI's command modules are its own: everything else uses the client library (`src/client`). */
const noCommands = {
  group: ['**/client/commands', '**/client/commands/*'],
  message: 'Only the CLI imports a command module; use the client library (src/client/index.ts).',
};

/** Repositories take plain values: the business rules stay in their libraries. */
const dbImports = {
  group: rooms(
    'alerts',
    'anomaly',
    'modelling',
    'ingest',
    'mail',
    'plot',
    'activities',
    'workflows',
    'workers',
    'api',
    'dashboard',
    'http-auth',
    'server',
    'client',
  ),
  message:
    'src/db imports only config and shared (and row types of forecast): rules stay in their libraries.',
};

/** The API and the dashboard sit side by side: neither imports the other (src/server composes them). */
const apiImports = { group: rooms('dashboard'), message: 'The API never imports the dashboard.' };
const dashboardImports = {
  group: rooms('api'),
  message: 'The dashboard never imports the API: auth is in src/http-auth, ids in src/client/ids.',
};

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
    // Everywhere but the CLI itself (its entry and its commands).
    files: ['src/**/*.ts'],
    ignores: ['src/client/main.ts', 'src/client/commands/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noCommands] }] },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [dbImports] }] },
  },
  {
    files: ['src/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [apiImports, noCommands] }] },
  },
  {
    files: ['src/dashboard/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [dashboardImports, noCommands] }] },
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
            {
              // Activities are types to a workflow; their catalogue (plain data) is the one value.
              regex: '(^|/)activities(/(?!catalogue$).*)?$',
              allowTypeImports: true,
              message: 'Workflows import activities as types only, and their options from the catalogue.',
            },
            noCommands,
          ],
        },
      ],
    },
  },
  {
    // The forecasting core knows nothing of ours outside itself: no storage, Temporal, AWS or mail.
    files: ['src/forecast/**/*.ts'],
    rules: libraryImports({
      group: [...ourIoRooms, '**/modelling', '**/modelling/*'],
      message: 'The forecasting core imports nothing of ours with I/O.',
    }),
  },
  {
    // The model life cycle is a library too: storage comes in through ModelStore, written in the row
    // *types* of src/db (type imports are erased), progress goes out through a Heartbeat.
    files: ['src/modelling/**/*.ts'],
    rules: libraryImports({
      group: ourIoRooms,
      allowTypeImports: true,
      message: 'src/modelling reaches storage only through ModelStore (types from src/db).',
    }),
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

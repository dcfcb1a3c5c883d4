// House rules as a tool (design.md "Rules of the house"): the layering below is what keeps the pure
// machine testable without I/O and HTTP a thin shell over the services. `npm run lint` runs this and
// Prettier; `npm test` runs `npm run lint` first.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const noSrcInMachines = {
  group: ['**/src', '**/src/**', 'express', 'express/*', '@mikro-orm/*', 'nodemailer', 'pdfkit', 'node:fs', 'fs', 'node:net', 'node:http'],
  message: 'machines/ is pure: no I/O and nothing from src/ (time and data arrive in events).',
};
const noStoreInHttp = {
  group: ['**/store/entities', '**/store/entities/*', '**/store/orm', '**/store/sql', '**/store/writer', '**/store/placement-store', '@mikro-orm/*'],
  message: 'Routes call services: no entity, EntityManager or SQL in src/http or src/web.',
};
const noRouteToRoute = {
  group: ['./*', '!./index'],
  message: 'Route modules do not import each other: share through a service or src/http/schemas.',
};
const noHttpInServices = {
  group: ['express', 'express/*', '**/http', '**/http/**', '**/web', '**/web/**'],
  message: 'Services know nothing of HTTP: routes and pages map requests to them.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'test/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      'no-control-regex': 'off',
      'no-misleading-character-class': 'off',
    },
  },
  { files: ['machines/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noSrcInMachines] }] } },
  { files: ['src/http/**/*.ts', 'src/web/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noStoreInHttp] }] } },
  {
    files: ['src/http/routes/*.ts'],
    ignores: ['src/http/routes/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noStoreInHttp, noRouteToRoute] }] },
  },
  {
    files: ['src/services/**/*.ts', 'src/store/**/*.ts', 'src/outbox/**/*.ts', 'src/documents/**/*.ts', 'src/reports/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noHttpInServices] }] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['src/web/assets/*.js'], languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly' } } },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

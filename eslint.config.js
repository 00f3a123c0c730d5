// Lint: strict TypeScript rules, zero warnings, and the boundary that keeps the domain core pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'web/dist/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The domain core is pure: no files, network, database, clock or console; no adapters.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'child_process', 'os'],
              message: '领域核心不得做 I/O（core must stay pure）',
            },
            {
              group: ['**/adapters/**', '**/cli/**', '**/server/**', '**/report/**'],
              message: 'core must not import adapters',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch', 'Date'],
      'no-console': 'error',
    },
  },
);

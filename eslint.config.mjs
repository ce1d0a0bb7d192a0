import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/lib/**', 'dist/**', 'pack/**', '**/node_modules/**', 'coverage/**', '.tmp/**', 'scripts/**', 'toolkit/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './toolkit/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      // Kubernetes manifests are untyped JSON; cdk8s itself types them as any.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
      'eqeqeq': ['error', 'smart'],
      'prefer-const': 'error',
    },
  },
);

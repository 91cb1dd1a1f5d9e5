import nx from '@nx/eslint-plugin'
import prettier from 'eslint-config-prettier'

// Boundaries of docs/architecture.md "Projects", enforced on every import between projects (tags in package.json).
const depConstraints = [
  { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:config', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:vision', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:db', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:config'] },
  {
    sourceTag: 'scope:api',
    onlyDependOnLibsWithTags: ['scope:contracts', 'scope:config', 'scope:db', 'scope:vision'],
  },
  {
    sourceTag: 'scope:ingest',
    onlyDependOnLibsWithTags: ['scope:contracts', 'scope:config', 'scope:db', 'scope:vision'],
  },
  { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:contracts'] },
  { sourceTag: 'scope:simulator', onlyDependOnLibsWithTags: ['scope:contracts'] },
]

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', 'data', '**/vite.config.ts.timestamp-*'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints, banTransitiveDependencies: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // an empty arrow is how a deliberately ignored rejection reads here; each has its reason beside it
      '@typescript-eslint/no-empty-function': ['error', { allow: ['arrowFunctions'] }],
    },
  },
  {
    // build and test configuration reads the shared root config by path; it is not product code
    files: ['**/vitest.config.ts', '**/vite.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // whole-system tests drive the repository from outside (its scripts, its processes)
    files: ['test/**'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // with noUncheckedIndexedAccess, `!` after a bounds-checked index is the honest way to say so
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
]

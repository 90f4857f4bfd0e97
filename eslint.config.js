import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

// The architecture as lint: features never import each other; domain and analysis stay pure.
const layer = (type) => ({ element: { type } });

/** Who may import whom (every file under src). */
const policies = [
  { from: layer('app'), allow: { to: { element: { types: { anyOf: ['app', 'feature', 'hooks', 'domain', 'analysis', 'geo', 'api', 'backend', 'map', 'ui', 'contracts', 'offline'] } } } } },
  { from: layer('feature'), allow: { to: { element: { types: { anyOf: ['hooks', 'domain', 'analysis', 'geo', 'api', 'backend', 'map', 'ui', 'contracts', 'offline'] } } } } },
  { from: layer('feature'), allow: { to: { element: { type: 'feature', captured: { name: '{{ from.captured.name }}' } } } } },
  // The shared React layer between the features and the backend (query keys, invalidation, identity, static files):
  // what the features would otherwise copy. It imports no feature and no UI.
  { from: layer('hooks'), allow: { to: { element: { types: { anyOf: ['hooks', 'api', 'backend', 'domain', 'analysis', 'map'] } } } } },
  { from: layer('api'), allow: { to: { element: { types: { anyOf: ['api', 'domain', 'backend'] } } } } },
  { from: layer('backend'), allow: { to: { element: { types: { anyOf: ['backend', 'domain'] } } } } },
  { from: layer('map'), allow: { to: { element: { types: { anyOf: ['map', 'domain', 'ui'] } } } } },
  { from: layer('ui'), allow: { to: { element: { types: { anyOf: ['ui', 'domain'] } } } } },
  { from: layer('domain'), allow: { to: { element: { type: 'domain' } } } },
  // Types shared by the shell and the features (they may not import each other).
  { from: layer('contracts'), allow: { to: { element: { types: { anyOf: ['api', 'backend', 'domain', 'map'] } } } } },
  { from: layer('analysis'), allow: { to: { element: { types: { anyOf: ['analysis', 'domain'] } } } } },
  // Reading geodata files (CRS, text encodings), shared by the plan import and the actual-risk import.
  { from: layer('geo'), allow: { to: { element: { types: { anyOf: ['geo', 'domain'] } } } } },
  // The generic offline outbox (React-free, backend-free): shell and features use it.
  { from: layer('offline'), allow: { to: { element: { types: { anyOf: ['offline', 'domain'] } } } } },
  // The component tests' helpers (render with the app's providers, the recording backend) stand in for the shell.
  { from: layer('test'), allow: { to: { element: { types: { anyOf: ['test', 'app', 'feature', 'hooks', 'domain', 'analysis', 'geo', 'api', 'backend', 'map', 'ui', 'contracts', 'offline'] } } } } },
];

const ALL_TYPES = ['app', 'feature', 'hooks', 'domain', 'analysis', 'geo', 'api', 'backend', 'map', 'ui', 'contracts', 'offline', 'test'];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'public', 'supabase', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'react/no-danger': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, boundaries },
    settings: {
      'boundaries/include': ['src/**/*'],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
      'boundaries/elements': [
        { type: 'app', pattern: 'src/app' },
        { type: 'feature', pattern: 'src/features/*', capture: ['name'] },
        { type: 'hooks', pattern: 'src/hooks' },
        { type: 'domain', pattern: 'src/domain' },
        { type: 'analysis', pattern: 'src/analysis' },
        { type: 'geo', pattern: 'src/geo' },
        { type: 'api', pattern: 'src/api' },
        { type: 'backend', pattern: 'src/backend' },
        { type: 'map', pattern: 'src/map' },
        { type: 'ui', pattern: 'src/ui' },
        { type: 'contracts', pattern: 'src/contracts' },
        { type: 'offline', pattern: 'src/offline' },
        // Helpers of the component tests only (see the block for *.component.test.tsx below).
        { type: 'test', pattern: 'src/test' },
      ],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'boundaries/dependencies': [
        2,
        {
          default: 'disallow',
          policies,
        },
      ],
    },
  },
  {
    // Component tests (vitest project "component") may use the helpers in src/test; no other file may.
    files: ['src/**/*.component.test.tsx'],
    rules: {
      'boundaries/dependencies': [
        2,
        {
          default: 'disallow',
          policies: [...policies, { from: { element: { types: { anyOf: ALL_TYPES } } }, allow: { to: { element: { type: 'test' } } } }],
        },
      ],
    },
  },
  {
    // Pure layers: no React, no backend SDKs, no map engine.
    files: ['src/domain/**/*.ts', 'src/analysis/**/*.ts', 'src/geo/**/*.ts', 'src/offline/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-*', '@supabase/*', 'maplibre-gl', '@electric-sql/*'] },
      ],
    },
  },
);

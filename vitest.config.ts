import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          exclude: ['src/**/*.component.test.tsx'],
          environment: 'node',
        },
      },
      {
        // React components in a simulated DOM (happy-dom) with Testing Library, against the recording backend:
        // the UI rules that need no real browser. Every user journey stays in e2e.
        plugins: [react()],
        test: {
          name: 'component',
          include: ['src/**/*.component.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['src/test/component-setup.ts'],
          // A user-event flow of a dozen steps takes ~1 s on a quiet machine and more than 5 s (the default) on a
          // busy 2-core one; the limit only stops a hung test.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'db',
          include: ['tests/db/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/db/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

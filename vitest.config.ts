import react from '@vitejs/plugin-react';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

// The database files that take longest (measured in CI logs), started first so that neither of the two workers is
// left running one long file alone at the end. Vitest orders by earlier runs' durations only when it has a cache
// of them, which a fresh CI clone has not; without it, it orders by file size, and the security suites are
// 140-byte files that run for minutes.
const LONGEST_FIRST = [
  'tests/db/security.pglite.test.ts',
  'tests/db/adversarial/resource-bounds.test.ts',
  'tests/db/adversarial/location-oracle.test.ts',
  'tests/db/api.test.ts',
  'tests/db/planning.test.ts',
  'tests/db/contracts.test.ts',
  'tests/db/strategy.test.ts',
  'tests/db/crew.test.ts',
  'tests/db/adversarial/moderation.test.ts',
  'tests/db/security.postgres.test.ts',
];

class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((path) => f.moduleId.endsWith(path));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirstSequencer },
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

import react from '@vitejs/plugin-react';
import { BaseSequencer, type Reporter, type TestCase, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

// The files that take longest (measured: per-file durations of one run of each suite), started first so that
// neither of the two workers is left running one long file alone at the end. Vitest orders by earlier runs'
// durations only when it has a cache of them, which a fresh CI clone has not; without it, it orders by file size,
// and the security suites are 140-byte files that run for minutes (and the e2e suite ended with resident.test.ts,
// 145 s, alone on one worker).
const LONGEST_FIRST = [
  'tests/db/security.postgres.test.ts',
  'tests/db/security.pglite.test.ts',
  'tests/db/strategy.test.ts',
  'tests/db/hotspot-cells-summary.test.ts',
  'tests/db/api.test.ts',
  'tests/db/adversarial/resource-bounds.test.ts',
  'tests/db/contracts.test.ts',
  'tests/db/report-cells-by-day.test.ts',
  'tests/db/crew.test.ts',
  'tests/db/planning.test.ts',
  'tests/db/adversarial/moderation.test.ts',
  'tests/db/adversarial/location-oracle.test.ts',
  'tests/e2e/layout-audit.test.ts',
  'tests/e2e/layout.test.ts',
  'tests/e2e/strategy.test.ts',
  'tests/e2e/resident.test.ts',
  'tests/e2e/print.test.ts',
  'tests/e2e/xss.test.ts',
  'tests/e2e/reliability.test.ts',
  'tests/e2e/crew-offline.test.ts',
  'tests/e2e/crew.test.ts',
  'tests/e2e/planning.test.ts',
  'tests/e2e/startup-cells.test.ts',
  'tests/e2e/realtime.test.ts',
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

/** Names each test that passed only on a retry (the db and e2e projects retry once): scripts/test.mjs lists them. */
class FlakyReporter implements Reporter {
  onTestCaseResult(test: TestCase) {
    const d = test.diagnostic();
    if (d?.flaky) console.log(`FLAKY (passed on retry ${d.retryCount}): ${test.module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}`);
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default', new FlakyReporter()],
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
          // One retry, for the loaded 2-core CI machine (three stops' CI runs failed on one flaky test each); a
          // test that passes only on its retry is named at the end of `npm test` (scripts/test.mjs).
          retry: 1,
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
          retry: 1, // as the db project's
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

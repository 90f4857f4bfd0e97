/**
 * Boots the app once in a fresh Chromium profile (the embedded database loads its snapshot into IndexedDB,
 * the slow part of a first visit) and hands that profile to every test file, which starts from a copy of it
 * (driver.ts openSession). Each file still has a database of its own; none sees another's writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bootedProfile } from './driver';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eProfile: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'tk-e2e-profile-'));
  await bootedProfile(dir);
  project.provide('e2eProfile', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

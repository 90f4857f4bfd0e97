import { z } from 'zod';
import { categorySchema, challengeSchema, statusSchema, type ReferenceData } from '../../../api/list-categories';
import shipped from './shipped-reference.json';

/** What the report flow needs of the reference data: challenges, categories and statuses. */
export type ReportReference = Pick<ReferenceData, 'challenges' | 'categories' | 'statuses'>;

/**
 * The reference data shipped with the build (generated with supabase/seed.sql by scripts/build-seed.mjs), so the
 * report flow asks its questions before the database is ready; the database's own copy replaces it once loaded.
 * tests/db/report-flow.test.ts checks that both are the same.
 */
export const SHIPPED_REFERENCE: ReportReference = z
  .object({ challenges: z.array(challengeSchema), categories: z.array(categorySchema), statuses: z.array(statusSchema) })
  .parse(shipped);

import { z } from 'zod';
import { challengeCodeSchema, isoDate } from './common';
import { defineApiFunction } from './define';
import { developmentSchema } from './list-developments';

export const EVIDENCE_BUFFERS = [100, 250, 500] as const;
export type EvidenceBuffer = (typeof EVIDENCE_BUFFERS)[number];

/** Reports listed by default (inside first, then nearest, newest first); the counts always cover all. */
export const DEFAULT_EVIDENCE_REPORTS = 1000;
/** The most a caller may ask for (`limit`), e.g. for the evidence pack. */
export const MAX_EVIDENCE_REPORTS = 5000;

const counts = z.record(z.string(), z.number());
const summarySchema = z.object({
  total: z.number(),
  by_challenge: counts,
  by_category: counts,
  /** Observed while the sun was down (reports.is_dark). */
  dark: z.number(),
});
const rateSchema = z.object({ count: z.number(), km2: z.number(), per_km2: z.number().nullable() });

export const developmentEvidence = defineApiFunction(
  'development_evidence',
  z
    .object({
      id: z.guid({ message: 'development_not_found' }),
      bufferM: z.union([z.literal(100), z.literal(250), z.literal(500)], { message: 'invalid_buffer' }).default(250),
      from: z.date().nullable().default(null),
      to: z.date().nullable().default(null),
      limit: z
        .number({ message: 'invalid_filter' })
        .int({ message: 'invalid_filter' })
        .min(0, { message: 'invalid_filter' })
        .max(MAX_EVIDENCE_REPORTS, { message: 'invalid_filter' })
        .default(DEFAULT_EVIDENCE_REPORTS),
    })
    .refine((a) => !a.from || !a.to || a.from < a.to, { message: 'invalid_filter' }),
  z.object({
    development: developmentSchema,
    buffer_m: z.number(),
    area_km2: z.number(),
    /** The ring: within buffer_m of the development but outside it. */
    ring_km2: z.number(),
    inside: summarySchema,
    ring: summarySchema,
    /** Calendar months (Europe/Stockholm) from the first to the last report, zero-filled. */
    monthly: z.array(z.object({ month: z.string(), inside: z.number(), ring: z.number() })),
    rates: z.object({
      /** Reports inside per km² of the development. */
      development: rateSchema,
      district: rateSchema.extend({ code: z.number(), name: z.string() }).nullable(),
      city: rateSchema,
    }),
    reports: z.array(
      z.object({
        id: z.guid(),
        lon: z.number(),
        lat: z.number(),
        category: z.string(),
        challenge: challengeCodeSchema,
        status: z.string(),
        observed_at: isoDate,
        is_dark: z.boolean(),
        supports: z.number(),
        inside: z.boolean(),
        distance_m: z.number(),
      }),
    ),
    /** True when more reports matched than `limit` and the list was cut (the counts are still complete). */
    reports_truncated: z.boolean(),
  }),
  (a) => ({
    p_id: a.id,
    p_buffer_m: a.bufferM,
    p_from: a.from?.toISOString() ?? null,
    p_to: a.to?.toISOString() ?? null,
    p_limit: a.limit,
  }),
);
export type DevelopmentEvidence = z.infer<typeof developmentEvidence.result>;

import { z } from 'zod';
import { REPORT_SOURCES } from './statuses';

/** Limits shared by the client (Zod) and the database (api.submit_report); keep them equal. */
export const DESCRIPTION_MAX = 2000;
export const OBSERVED_MAX_AGE_DAYS = 365;
/** Tolerated clock skew between a phone and the server when checking "not in the future". */
export const OBSERVED_FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
/** Longest edge of a stored photo, in pixels, after client-side resizing. */
export const PHOTO_MAX_EDGE = 1600;

/** Rough envelope of Malmö's municipal boundary (the exact test is done in the database). */
export const MALMO_BBOX = { west: 12.8851, south: 55.50228, east: 13.15176, north: 55.64215 } as const;
export const MALMO_CENTER = { lon: 13.0038, lat: 55.605 } as const;

/** A report as the client submits it: the id is generated on the client so that a retry never duplicates. */
export const reportInputSchema = z.object({
  id: z.uuid(),
  category: z.string().min(1, { message: 'unknown_category' }),
  lon: z.number({ message: 'invalid_position' }).finite({ message: 'invalid_position' }),
  lat: z.number({ message: 'invalid_position' }).finite({ message: 'invalid_position' }),
  description: z
    .string()
    .trim()
    .min(1, { message: 'description_required' })
    .max(DESCRIPTION_MAX, { message: 'description_too_long' }),
  observedAt: z
    .date()
    .refine((d) => d.getTime() <= Date.now() + OBSERVED_FUTURE_TOLERANCE_MS, {
      message: 'observed_in_future',
    })
    .refine((d) => d.getTime() >= Date.now() - OBSERVED_MAX_AGE_DAYS * 86_400_000, {
      message: 'observed_too_old',
    }),
  source: z.enum(REPORT_SOURCES).default('resident'),
  photoPath: z.string().nullable().default(null),
});
export type ReportInput = z.infer<typeof reportInputSchema>;

/** Is the point inside Malmö's envelope? A cheap client-side pre-check; the database decides. */
export function isInMalmoEnvelope(lon: number, lat: number): boolean {
  return (
    lon >= MALMO_BBOX.west && lon <= MALMO_BBOX.east && lat >= MALMO_BBOX.south && lat <= MALMO_BBOX.north
  );
}

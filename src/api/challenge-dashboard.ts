import { z } from 'zod';
import { DISTRICT_LEVELS } from '../domain/measures';
import { challengeCode } from './common';
import { defineApiFunction } from './define';

/**
 * The challenge dashboard's numbers for reports observed in [from, to) (null = all time), one challenge or all
 * (null), optionally within one district (`district` = a stadsområde name, a stadsdel name or a delområde's
 * do_kod as text). `by_district` is at `level`: `code` is the stadsområde/stadsdel name or the do_kod as text —
 * the key to join public/data/malmo_{stadsomraden,stadsdelar,delomraden}_simplified.geojson on (`name`, `name`,
 * `do_kod`). `monthly.month` is 'YYYY-MM' (Europe/Stockholm); `resolved` counts reports whose status became
 * `resolved` in that month. `dark` counts reports observed in darkness; `supports` sums their supports;
 * `median_days_to_resolved` is over reports resolved so far (first resolution), null when none. Duplicates
 * are excluded from every count. A challenge with `counts_development_links` (period in force) also
 * counts other challenges' reports linked to a development.
 */
export const challengeDashboard = defineApiFunction(
  'challenge_dashboard',
  z.object({
    challenge: challengeCode('invalid_filter').nullable().default(null),
    from: z.date({ message: 'invalid_filter' }).nullable().default(null),
    to: z.date({ message: 'invalid_filter' }).nullable().default(null),
    level: z.enum(DISTRICT_LEVELS, { message: 'invalid_level' }).default('stadsdel'),
    district: z.string({ message: 'invalid_district' }).nullable().default(null),
  }),
  z.object({
    total: z.number(),
    monthly: z.array(z.object({ month: z.string(), reported: z.number(), resolved: z.number() })),
    by_district: z.array(
      z.object({ code: z.string(), name: z.string(), n: z.number(), km2: z.number() }),
    ),
    by_category: z.array(z.object({ code: z.string(), n: z.number() })),
    dark: z.number(),
    median_days_to_resolved: z.number().nullable(),
    supports: z.number(),
  }),
  (a) => ({
    p_challenge: a.challenge,
    p_from: a.from?.toISOString() ?? null,
    p_to: a.to?.toISOString() ?? null,
    p_level: a.level,
    p_district: a.district,
  }),
);
export type ChallengeDashboard = z.infer<typeof challengeDashboard.result>;

import { z } from 'zod';
import { DISTRICT_LEVELS } from '../domain/measures';
import { challengeCode } from './common';
import { defineApiFunction } from './define';

/**
 * The challenge's actual risk beside its reports: events of its risk types (the published period in force at the
 * window's end; families or exact types) in the same window and district. `monthly` lists only months with
 * events: a month inside a source's range without events is 0, one outside every source's range has no data
 * (events are only known inside their sources' ranges, `sources`: those holding events of the types that
 * overlap the window; dates 'YYYY-MM-DD', inclusive). `by_district.code` is at the dashboard's level.
 */
export const dashboardRiskSchema = z.object({
  types: z.array(z.string()),
  total: z.number(),
  monthly: z.array(z.object({ month: z.string(), n: z.number() })),
  by_type: z.array(z.object({ type: z.string(), n: z.number() })),
  by_district: z.array(z.object({ code: z.string(), n: z.number() })),
  sources: z.array(
    z.object({ name: z.string(), kind: z.string(), period_from: z.string(), period_to: z.string() }),
  ),
});
export type DashboardRisk = z.infer<typeof dashboardRiskSchema>;

/**
 * The challenge dashboard's numbers for reports observed in [from, to) (null = all time), one challenge or all
 * (null), optionally within one district (`district` = a stadsområde name, a stadsdel name or a delområde's
 * do_kod as text). `by_district` is at `level`: `code` is the stadsområde/stadsdel name or the do_kod as text —
 * the key to join public/data/malmo_{stadsomraden,stadsdelar,delomraden}_simplified.geojson on (`name`, `name`,
 * `do_kod`). `monthly.month` is 'YYYY-MM' (Europe/Stockholm); `resolved` counts reports whose status became
 * `resolved` in that month. `dark` counts reports observed in darkness; `supports` sums their supports;
 * `median_days_to_resolved` is over reports resolved so far (first resolution), null when none. Duplicates
 * are excluded from every count. A challenge with `counts_development_links` (period in force) also
 * counts other challenges' reports linked to a development. `risk`: the challenge's actual risk
 * (dashboardRiskSchema), null for all challenges or a challenge without risk types.
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
    risk: dashboardRiskSchema.nullable(),
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

import { z } from 'zod';
import { STATUSES } from '../domain/statuses';
import { challengeCode, challengeCodeSchema } from './common';
import { defineApiFunction } from './define';

export const viewFilterSchema = z.object({
  challenges: z.array(challengeCode('invalid_filter')).nullable().default(null),
  categories: z.array(z.string()).nullable().default(null),
  statuses: z.array(z.enum(STATUSES)).nullable().default(null),
  from: z.date().nullable().default(null),
  to: z.date().nullable().default(null),
});
export type ViewFilter = z.input<typeof viewFilterSchema>;

const finite = z.number({ message: 'invalid_bbox' }).finite({ message: 'invalid_bbox' });

/** [lon, lat, count, dominant challenge, id | null, category | null, status | null] */
export const viewItemSchema = z.tuple([
  z.number(),
  z.number(),
  z.number(),
  challengeCodeSchema,
  z.string().nullable(),
  z.string().nullable(),
  z.string().nullable(),
]);
export type ViewItem = z.infer<typeof viewItemSchema>;

export const reportsInView = defineApiFunction(
  'reports_in_view',
  z.object({
    west: finite,
    south: finite,
    east: finite,
    north: finite,
    /** MapLibre's zoom (512-px tiles). */
    zoom: finite,
    filter: viewFilterSchema.default({
      challenges: null,
      categories: null,
      statuses: null,
      from: null,
      to: null,
    }),
  }),
  z.object({ total: z.number(), cell_m: z.number(), items: z.array(viewItemSchema) }),
  (a) => ({
    p_west: a.west,
    p_south: a.south,
    p_east: a.east,
    p_north: a.north,
    // The API counts zoom on 256-px tiles; MapLibre on 512-px tiles (one level apart).
    p_zoom: a.zoom + 1,
    p_challenges: a.filter.challenges,
    p_categories: a.filter.categories,
    p_statuses: a.filter.statuses,
    p_from: a.filter.from?.toISOString() ?? null,
    p_to: a.filter.to?.toISOString() ?? null,
  }),
);
export type ReportsInView = z.infer<typeof reportsInView.result>;

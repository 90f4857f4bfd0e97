import { z } from 'zod';
import { isoDate } from './common';
import { defineApiFunction } from './define';
import { pageArgsSchema } from './paging';

/** Planning phases of a development, in the order a plan moves through them. */
export const DEVELOPMENT_PHASES = [
  'planning',
  'consultation',
  'adopted',
  'under_construction',
  'completed',
] as const;
export type DevelopmentPhase = (typeof DEVELOPMENT_PHASES)[number];
export const developmentPhaseSchema = z.enum(DEVELOPMENT_PHASES, { message: 'invalid_phase' });

const position = z.array(z.number().finite()).min(2);
const ring = z.array(position).min(4);
/** GeoJSON Polygon or MultiPolygon in WGS84 (lon, lat). The client reprojects SWEREF 99 before sending. */
export const developmentGeometrySchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
  ],
  { message: 'invalid_outline' },
);
export type DevelopmentGeometry = z.infer<typeof developmentGeometrySchema>;

/** http(s) only: a link is rendered as an anchor, so javascript: and data: must never get in. */
export const developmentLinkSchema = z
  .string()
  .trim()
  .max(2000, { message: 'invalid_link' })
  .regex(/^https?:\/\/[^\s]+$/i, { message: 'invalid_link' });

/** The fields of one development as the planner gives them (file import or drawing). Same rules as the database. */
export const developmentInputSchema = z.object({
  name: z
    .string({ message: 'name_required' })
    .trim()
    .min(1, { message: 'name_required' })
    .max(200, { message: 'name_too_long' }),
  planId: z.string().trim().max(100, { message: 'plan_id_too_long' }).nullable().optional(),
  phase: developmentPhaseSchema,
  /** 'YYYY-MM-DD' */
  expectedCompletion: z.iso.date({ message: 'invalid_completion_date' }).nullable().optional(),
  link: developmentLinkSchema.nullable().optional(),
  geometry: developmentGeometrySchema,
});
export type DevelopmentInput = z.input<typeof developmentInputSchema>;

/** One development as the API returns it (list_developments items, save_development, evidence.development). */
export const developmentSchema = z.object({
  id: z.guid(),
  name: z.string(),
  plan_id: z.string().nullable(),
  phase: z.enum(DEVELOPMENT_PHASES),
  /** 'YYYY-MM-DD' or null */
  expected_completion: z.string().nullable(),
  link: z.string().nullable(),
  area_m2: z.number(),
  /** Always a MultiPolygon in WGS84. */
  geometry: z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(z.array(z.array(z.number())))),
  }),
  /** Reports inside (distance 0), from app.development_reports. */
  reports_inside: z.number(),
  /** Reports outside but within 250 m. */
  reports_near: z.number(),
  /** The delområde holding most of the development (null if none). */
  district: z.object({ code: z.number(), name: z.string() }).nullable(),
  is_demo: z.boolean(),
  created_at: isoDate,
  updated_at: isoDate,
});
export type Development = z.infer<typeof developmentSchema>;

/** The developments (staff only) by name, paged, with the counts from the link table. */
export const listDevelopments = defineApiFunction(
  'list_developments',
  pageArgsSchema,
  z.object({ items: z.array(developmentSchema), total: z.number() }),
  (a) => ({ p_limit: a.limit, p_offset: a.offset }),
);
export type DevelopmentList = z.infer<typeof listDevelopments.result>;

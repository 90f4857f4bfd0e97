import { z } from 'zod';
import { DESCRIPTION_MAX } from '../../../domain/report-rules';
import { DRAFT_STEPS, clampStep, type DraftStep } from './steps';
import { toDateTimeLocal } from './datetime';

/** localStorage key of the text part of the draft (the photo blob lives in IndexedDB). */
export const DRAFT_STORAGE_KEY = 'tk.report-draft.v1';
/** idb-keyval key of the draft's photo (an already resized, EXIF-free JPEG). */
export const DRAFT_PHOTO_KEY = 'tk.report-draft.v1.photo';

const pinSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});

/**
 * The persisted draft. Validated on load; anything that does not parse is discarded (a new draft starts).
 * `observedAt` is kept as the datetime-local string the user sees, so an edit in progress survives as typed.
 */
export const draftSchema = z.object({
  v: z.literal(1),
  step: z.enum(DRAFT_STEPS),
  id: z.uuid(),
  /** Who started the draft (null when not signed in yet); another user's draft is never shown. */
  userId: z.string().nullable(),
  pin: pinSchema.nullable(),
  category: z.string().min(1).max(100).nullable(),
  // Allow going over the limit while typing (the counter says so); refuse absurd sizes.
  description: z.string().max(DESCRIPTION_MAX * 4),
  observedAt: z.string().max(40),
  hasPhoto: z.boolean(),
  /**
   * "Meddela mig via e-post" (Supabase mode): off by default; the address is kept with the draft only until the
   * report is sent (then in the outbox until the server has it), and is forgotten with "Radera mina uppgifter".
   * Defaults keep drafts saved before these fields existed.
   */
  notify: z.boolean().default(false),
  notifyEmail: z.string().max(1000).default(''),
});
export type Draft = z.infer<typeof draftSchema>;

export function newDraft(
  id: string,
  userId: string | null,
  now: Date = new Date(),
  pin: Draft['pin'] = null,
): Draft {
  return {
    v: 1,
    step: 'place',
    id,
    userId,
    pin,
    category: null,
    description: '',
    observedAt: toDateTimeLocal(now),
    hasPhoto: false,
    notify: false,
    notifyEmail: '',
  };
}

/** Makes a draft self-consistent: the step is clamped to what the draft supports. */
export function normalizeDraft(draft: Draft): Draft {
  const step: DraftStep = clampStep(draft.step, draft);
  return step === draft.step ? draft : { ...draft, step };
}

export function serializeDraft(draft: Draft): string {
  return JSON.stringify(draft);
}

/** Parses a stored draft; null when absent, not JSON or not a valid draft. Never throws. */
export function parseDraft(raw: string | null | undefined): Draft | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = draftSchema.safeParse(value);
  return parsed.success ? normalizeDraft(parsed.data) : null;
}

/** Is this draft worth keeping/offering (has the user entered anything)? */
export function draftHasContent(draft: Draft): boolean {
  return draft.pin !== null || draft.category !== null || draft.description.trim() !== '' || draft.hasPhoto;
}

/** May the current user see this draft? A draft started by another signed-in user is discarded. */
export function draftBelongsTo(draft: Draft, userId: string | null): boolean {
  return draft.userId === null || userId === null || draft.userId === userId;
}

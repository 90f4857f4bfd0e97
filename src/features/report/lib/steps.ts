import { isInMalmoEnvelope } from '../../../domain/report-rules';

/**
 * The steps of the report flow, in order, and which follows which. `done` is the confirmation after a
 * submit (sent, or kept in the outbox); it is never a draft's step: `selectStep` in report-flow.ts derives it.
 */
export const STEPS = ['place', 'category', 'nearby', 'details', 'done'] as const;
export type Step = (typeof STEPS)[number];
/** Steps a draft can be saved in (the confirmation is never saved: the draft is cleared on success). */
export const DRAFT_STEPS = ['place', 'category', 'nearby', 'details'] as const;
export type DraftStep = (typeof DRAFT_STEPS)[number];

export const STEP_COUNT = STEPS.length;

/** 1-based number for "Steg N av 5". */
export function stepNumber(step: Step): number {
  return STEPS.indexOf(step) + 1;
}

export interface StepContext {
  /** Number of similar open reports near the pin; null while unknown (not loaded, or failed). */
  nearbyCount: number | null;
}

/** The step after `step`. The nearby step is skipped when we know there is nothing nearby. */
export function nextStep(step: Step, ctx: StepContext): Step {
  switch (step) {
    case 'place':
      return 'category';
    case 'category':
      return ctx.nearbyCount === 0 ? 'details' : 'nearby';
    case 'nearby':
      return 'details';
    case 'details':
      return 'done';
    case 'done':
      return 'done';
  }
}

/** The step before `step` ("Tillbaka"); skips the nearby step when it had nothing to show. */
export function prevStep(step: Step, ctx: StepContext): Step {
  switch (step) {
    case 'place':
      return 'place';
    case 'category':
      return 'place';
    case 'nearby':
      return 'category';
    case 'details':
      return ctx.nearbyCount === 0 ? 'category' : 'nearby';
    case 'done':
      return 'done';
  }
}

export type PlaceProblem = 'no_pin' | 'invalid_position' | 'outside_malmo';

/** Can the user leave the place step with this pin? Only a cheap envelope test; the database decides. */
export function placeProblem(pin: { lon: number; lat: number } | null): PlaceProblem | null {
  if (!pin) return 'no_pin';
  if (!Number.isFinite(pin.lon) || !Number.isFinite(pin.lat)) return 'invalid_position';
  if (Math.abs(pin.lon) > 180 || Math.abs(pin.lat) > 90) return 'invalid_position';
  if (!isInMalmoEnvelope(pin.lon, pin.lat)) return 'outside_malmo';
  return null;
}

/**
 * The furthest step a (restored) draft may be in: no step beyond the place step without a usable pin,
 * none beyond the category step without a category.
 */
export function clampStep(
  step: DraftStep,
  draft: { pin: { lon: number; lat: number } | null; category: string | null },
): DraftStep {
  if (placeProblem(draft.pin) !== null) return 'place';
  if (draft.category === null && (step === 'nearby' || step === 'details')) return 'category';
  return step;
}

import type { SubmittedReport } from '../../../api';
import type { ErrorCode } from '../../../domain/errors';
import { draftBelongsTo, draftHasContent, type Draft } from './draft';
import { nextStep, placeProblem, prevStep, type DraftStep, type Step, type StepContext } from './steps';
import type { Field, FieldErrors, ValidationResult } from './validation';

/**
 * The resident's report flow as data: everything the report panel shows, and every way it can change.
 * Pure (no React, no storage, no network): the panel's hook turns events into actions and carries out
 * what talks to the outside (saving the draft, the outbox, the map pin, focus). Which step follows which
 * is `steps.ts`; this file decides what each event does to the whole flow.
 */

export type Pin = { lon: number; lat: number };
export type PlaceError = 'no_pin' | 'invalid_position';
export type PhotoError = 'photo_type' | 'photo_too_large' | 'decode';
export type ValidationFailure = Extract<ValidationResult, { ok: false }>;

export interface ReportFlowState {
  /** What the resident entered, with the step they are on; saved on every change until the report is sent. */
  draft: Draft;
  /** "We kept what you started": shown after a restored draft until it is sent or started over. */
  showRestored: boolean;
  /** The database's answer after a successful submit: the flow is done. */
  result: SubmittedReport | null;
  /** Set when the report went to the outbox instead (no network): the confirmation follows that item. */
  queuedId: string | null;
  /** The resized, EXIF-free photo (the draft only says whether there is one). */
  photo: Blob | null;
  photoBusy: boolean;
  photoError: PhotoError | null;
  fieldErrors: FieldErrors;
  /** A refusal found on this side (not signed in, the outbox failed, …); the server's own is the mutation's. */
  submitError: ErrorCode | null;
  placeError: PlaceError | null;
  categoryRequired: boolean;
  /** The nearby report the resident supported instead of filing a new one. */
  supportedId: string | null;
  /** A field to move focus to; `n` changes on each request, so asking for the same field again still focuses it. */
  focusRequest: { field: Field; n: number } | null;
}

export type ReportFlowAction =
  /** The draft's photo was read back from storage after a reload (null: it is gone). */
  | { type: 'photoRestored'; photo: Blob | null }
  /** The pin moved on the map (a click, a drag, Enter on the map). */
  | { type: 'mapPinMoved'; pin: Pin }
  /** The panel placed the pin (district search, own position). */
  | { type: 'pinSet'; pin: Pin }
  /**
   * "Bekräfta plats" (or Enter on the map) with this pin; `outsideMalmo`: the pin is outside the municipal
   * boundary (the place step already says so, and the flow stays there).
   */
  | { type: 'placeConfirmed'; pin: Pin | null; nearbyCount: number | null; outsideMalmo?: boolean }
  | { type: 'categoryChosen'; category: string }
  /** "Nästa" on the category or nearby step. */
  | { type: 'next'; nearbyCount: number | null }
  /** "Tillbaka". */
  | { type: 'back'; nearbyCount: number | null }
  /** "Ändra plats" on the details step. */
  | { type: 'changePlace' }
  | { type: 'supported'; reportId: string }
  | { type: 'descriptionChanged'; description: string }
  | { type: 'notifyChanged'; notify?: boolean; email?: string }
  | { type: 'observedAtChanged'; observedAt: string }
  | { type: 'photoRejected'; problem: PhotoError }
  | { type: 'photoProcessing' }
  | { type: 'photoAdded'; photo: Blob }
  /** The photo could not be read (not an image after all, or a format this browser cannot decode). */
  | { type: 'photoFailed' }
  | { type: 'photoRemoved' }
  | { type: 'submitRefused'; code: ErrorCode }
  | { type: 'draftInvalid'; failure: ValidationFailure }
  | { type: 'draftValid' }
  | { type: 'submitted'; result: SubmittedReport }
  | { type: 'queued'; id: string }
  /** An unsent report taken back from the outbox (Mina rapporter → Ändra) replaces the form. */
  | { type: 'draftReplaced'; draft: Draft; photo: Blob | null }
  /** The signed-in user is known now: a draft started before sign-in becomes theirs. */
  | { type: 'signedIn'; userId: string }
  /** A fresh flow on this new draft ("Börja om", "Ny rapport", another user signed in). */
  | { type: 'reset'; draft: Draft };

/** The flow on `draft`, with nothing shown yet; `restored` says the draft came back from storage. */
export function initialReportFlow(draft: Draft, restored = false): ReportFlowState {
  return {
    draft,
    showRestored: restored,
    result: null,
    queuedId: null,
    photo: null,
    photoBusy: false,
    photoError: null,
    fieldErrors: {},
    submitError: null,
    placeError: null,
    categoryRequired: false,
    supportedId: null,
    focusRequest: null,
  };
}

/**
 * The flow on mount: the saved draft when it belongs to this user (adopted when it was started before
 * sign-in), else a fresh one. `discardSaved` says the saved draft is someone else's and must be removed.
 */
export function restoreReportFlow(
  saved: Draft | null,
  userId: string | null,
  fresh: () => Draft,
): { state: ReportFlowState; discardSaved: boolean } {
  if (saved && draftBelongsTo(saved, userId)) {
    const draft = saved.userId === null ? { ...saved, userId } : saved;
    return { state: initialReportFlow(draft, draftHasContent(saved)), discardSaved: false };
  }
  return { state: initialReportFlow(fresh()), discardSaved: saved !== null };
}

export const samePin = (a: Pin | null, b: Pin | null): boolean => a?.lon === b?.lon && a?.lat === b?.lat;

function withDraft(state: ReportFlowState, change: Partial<Draft>): ReportFlowState {
  return { ...state, draft: { ...state.draft, ...change } };
}

/** Moves to `step`; `done` is never a draft's step (it follows from a result or a queued report). */
function goTo(state: ReportFlowState, step: Step): ReportFlowState {
  return step === 'done' ? state : withDraft(state, { step: step satisfies DraftStep });
}

export function reportFlowReducer(state: ReportFlowState, action: ReportFlowAction): ReportFlowState {
  switch (action.type) {
    case 'photoRestored':
      return action.photo ? { ...state, photo: action.photo } : withDraft(state, { hasPhoto: false });

    case 'mapPinMoved':
      return samePin(state.draft.pin, action.pin) ? state : withDraft(state, { pin: action.pin });

    case 'pinSet':
      return { ...withDraft(state, { pin: action.pin }), placeError: null };

    case 'placeConfirmed': {
      if (selectStep(state) !== 'place') return state; // Enter on the map confirms only on the place step
      const problem = placeProblem(action.pin);
      if (problem === 'no_pin' || problem === 'invalid_position') return { ...state, placeError: problem };
      if (problem === 'outside_malmo' || action.outsideMalmo) return state; // the place step already shows why
      const ctx: StepContext = { nearbyCount: action.nearbyCount };
      return {
        ...goTo(withDraft(state, { pin: action.pin }), nextStep('place', ctx)),
        placeError: null,
        fieldErrors: { ...state.fieldErrors, position: undefined },
      };
    }

    case 'categoryChosen':
      return { ...withDraft(state, { category: action.category }), categoryRequired: false, supportedId: null };

    case 'next': {
      const step = selectStep(state);
      if (step === 'category' && !state.draft.category) return { ...state, categoryRequired: true };
      if (step === 'nearby' && state.supportedId) {
        // They supported a nearby report and still go on: the draft is theirs to finish after all.
        return goTo({ ...state, supportedId: null }, nextStep(step, { nearbyCount: action.nearbyCount }));
      }
      if (step !== 'category' && step !== 'nearby') return state; // the place and details steps have their own
      return goTo(state, nextStep(step, { nearbyCount: action.nearbyCount }));
    }

    case 'back':
      return goTo(state, prevStep(selectStep(state), { nearbyCount: action.nearbyCount }));

    case 'changePlace':
      return goTo(state, 'place');

    case 'supported':
      return { ...state, supportedId: action.reportId };

    case 'descriptionChanged':
      return {
        ...withDraft(state, { description: action.description }),
        fieldErrors: state.fieldErrors.description ? { ...state.fieldErrors, description: undefined } : state.fieldErrors,
      };

    case 'notifyChanged':
      return {
        ...withDraft(state, {
          notify: action.notify ?? state.draft.notify,
          notifyEmail: action.email ?? state.draft.notifyEmail,
        }),
        fieldErrors: state.fieldErrors.notifyEmail ? { ...state.fieldErrors, notifyEmail: undefined } : state.fieldErrors,
      };

    case 'observedAtChanged':
      return {
        ...withDraft(state, { observedAt: action.observedAt }),
        fieldErrors: state.fieldErrors.observedAt ? { ...state.fieldErrors, observedAt: undefined } : state.fieldErrors,
      };

    case 'photoRejected':
      return { ...state, photoError: action.problem };

    case 'photoProcessing':
      return { ...state, photoError: null, photoBusy: true };

    case 'photoAdded':
      return { ...withDraft(state, { hasPhoto: true }), photo: action.photo, photoBusy: false, photoError: null };

    case 'photoFailed':
      return { ...state, photoError: 'decode', photoBusy: false };

    case 'photoRemoved':
      return { ...withDraft(state, { hasPhoto: false }), photo: null, photoError: null };

    case 'submitRefused':
      return { ...state, submitError: action.code };

    case 'draftInvalid': {
      const { errors, first, other } = action.failure;
      const checked: ReportFlowState = { ...state, fieldErrors: errors, submitError: null };
      if (first === 'position') {
        return { ...goTo(checked, 'place'), placeError: state.draft.pin ? 'invalid_position' : 'no_pin' };
      }
      if (first === 'category') return { ...goTo(checked, 'category'), categoryRequired: true };
      if (first) return { ...checked, focusRequest: { field: first, n: (state.focusRequest?.n ?? 0) + 1 } };
      return { ...checked, submitError: other ?? 'unexpected' };
    }

    case 'draftValid':
      return { ...state, fieldErrors: {}, submitError: null };

    case 'submitted':
      return { ...state, result: action.result, photo: null, showRestored: false };

    case 'queued':
      return { ...state, queuedId: action.id, photo: null, showRestored: false };

    case 'draftReplaced':
      return {
        ...state,
        draft: action.draft,
        photo: action.photo,
        result: null,
        queuedId: null,
        fieldErrors: {},
        submitError: null,
      };

    case 'signedIn':
      return state.draft.userId === null ? withDraft(state, { userId: action.userId }) : state;

    case 'reset':
      return initialReportFlow(action.draft);
  }
}

// ---- selectors -----------------------------------------------------------------------------------

/** The step shown: the draft's, or the confirmation once the report was sent or queued. */
export function selectStep(state: ReportFlowState): Step {
  return state.result || state.queuedId ? 'done' : state.draft.step;
}

/** The draft is saved while it is being written; after it was sent or queued there is nothing to keep. */
export function selectKeepsDraft(state: ReportFlowState): boolean {
  return !state.result && !state.queuedId;
}

/**
 * What to ask for similar reports nearby: as soon as a place and a category are chosen (so "Nästa" on the
 * category step usually knows whether to skip the nearby step); nothing on the place step or when done.
 */
export function selectNearbyQuery(state: ReportFlowState): { lon: number; lat: number; category: string } | null {
  const { pin, category } = state.draft;
  const step = selectStep(state);
  return pin && category && step !== 'place' && step !== 'done' ? { lon: pin.lon, lat: pin.lat, category } : null;
}

/** "Börja om" is offered while there is something to throw away. */
export function selectCanStartOver(state: ReportFlowState): boolean {
  return selectStep(state) !== 'done' && draftHasContent(state.draft);
}

export function selectShowsRestoredNotice(state: ReportFlowState): boolean {
  return state.showRestored && selectStep(state) !== 'done';
}

/**
 * What a change of the signed-in user does to the draft: a draft never passes from one user to another
 * (`reset`); one started before sign-in becomes the user's (`adopt`).
 */
export function identityChangeEffect(draft: Draft, userId: string | null): 'reset' | 'adopt' | 'keep' {
  if (draft.userId !== null && userId !== null && draft.userId !== userId) return 'reset';
  if (draft.userId === null && userId !== null) return 'adopt';
  return 'keep';
}

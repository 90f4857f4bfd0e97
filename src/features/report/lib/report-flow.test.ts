import { describe, expect, it } from 'vitest';
import { submitReport } from '../../../api/submit-report';
import { MALMO_CENTER } from '../../../domain/report-rules';
import { newDraft, type Draft } from './draft';
import {
  identityChangeEffect,
  initialReportFlow,
  reportFlowReducer,
  restoreReportFlow,
  selectCanStartOver,
  selectKeepsDraft,
  selectNearbyQuery,
  selectShowsRestoredNotice,
  selectStep,
  type ReportFlowAction,
  type ReportFlowState,
} from './report-flow';
import { validateDraft } from './validation';

const ID = '7d7b0b1e-8f2a-4c7e-9f55-2c5b0a3d9e11';
const OTHER_ID = '0b9f3c1e-2a4d-4e6f-8a1b-3c5d7e9f1a2b';
const pin = { lon: MALMO_CENTER.lon, lat: MALMO_CENTER.lat };
const elsewhere = { lon: MALMO_CENTER.lon + 0.01, lat: MALMO_CENTER.lat };
const copenhagen = { lon: 12.57, lat: 55.68 };
const photo = new Blob(['jpeg'], { type: 'image/jpeg' });

const fresh = (change: Partial<Draft> = {}): Draft => ({ ...newDraft(ID, 'u1', new Date()), ...change });
const on = (change: Partial<Draft>, extra: Partial<ReportFlowState> = {}): ReportFlowState => ({
  ...initialReportFlow(fresh(change)),
  ...extra,
});
const run = (state: ReportFlowState, ...actions: ReportFlowAction[]) => actions.reduce(reportFlowReducer, state);

const result = submitReport.result.parse({
  id: ID,
  status: 'new',
  challenge: 'renhallning',
  category: 'litter',
  district: null,
  is_dark: false,
  created_at: '2026-12-01T10:00:00Z',
  observed_at: '2026-12-01T09:00:00Z',
});

describe('report flow: start', () => {
  it('starts on the place step with nothing shown', () => {
    const s = initialReportFlow(fresh());
    expect(selectStep(s)).toBe('place');
    expect(s).toMatchObject({ showRestored: false, result: null, queuedId: null, photo: null, fieldErrors: {} });
    expect(selectCanStartOver(s)).toBe(false);
  });

  it('restores a saved draft of this user, with the notice when it has content', () => {
    const saved = fresh({ pin, category: 'litter', step: 'details' });
    const { state, discardSaved } = restoreReportFlow(saved, 'u1', () => fresh());
    expect(discardSaved).toBe(false);
    expect(state.draft).toBe(saved);
    expect(selectShowsRestoredNotice(state)).toBe(true);
    expect(selectStep(state)).toBe('details');
  });

  it('adopts a draft started before sign-in; an empty one comes back without the notice', () => {
    const { state } = restoreReportFlow(fresh({ userId: null }), 'u1', () => fresh({ id: OTHER_ID }));
    expect(state.draft).toMatchObject({ id: ID, userId: 'u1' });
    expect(state.showRestored).toBe(false);
  });

  it('discards another user\'s draft and starts a fresh one', () => {
    const { state, discardSaved } = restoreReportFlow(fresh({ userId: 'u2', pin }), 'u1', () =>
      fresh({ id: OTHER_ID }),
    );
    expect(discardSaved).toBe(true);
    expect(state.draft.id).toBe(OTHER_ID);
    expect(state.showRestored).toBe(false);
  });

  it('starts fresh when nothing was saved', () => {
    const { state, discardSaved } = restoreReportFlow(null, 'u1', () => fresh({ id: OTHER_ID, pin }));
    expect(discardSaved).toBe(false);
    expect(state.draft).toMatchObject({ id: OTHER_ID, pin });
  });

  it('takes the restored photo back, or forgets that there was one', () => {
    const s = on({ hasPhoto: true });
    expect(run(s, { type: 'photoRestored', photo }).photo).toBe(photo);
    const gone = run(s, { type: 'photoRestored', photo: null });
    expect(gone.photo).toBeNull();
    expect(gone.draft.hasPhoto).toBe(false);
  });
});

describe('report flow: place', () => {
  it('follows the map pin, and keeps the same state when the pin did not move', () => {
    const s = on({});
    const moved = run(s, { type: 'mapPinMoved', pin });
    expect(moved.draft.pin).toEqual(pin);
    expect(run(moved, { type: 'mapPinMoved', pin: { ...pin } })).toBe(moved);
  });

  it('takes a pin set from the panel and clears the place error', () => {
    const s = run(on({}), { type: 'placeConfirmed', pin: null, nearbyCount: null });
    expect(s.placeError).toBe('no_pin');
    const placed = run(s, { type: 'pinSet', pin });
    expect(placed.draft.pin).toEqual(pin);
    expect(placed.placeError).toBeNull();
  });

  it('refuses to confirm no place or an invalid one, and stays', () => {
    expect(run(on({}), { type: 'placeConfirmed', pin: null, nearbyCount: null })).toMatchObject({
      placeError: 'no_pin',
      draft: { step: 'place' },
    });
    expect(run(on({}), { type: 'placeConfirmed', pin: { lon: Number.NaN, lat: 55.6 }, nearbyCount: null })).toMatchObject({
      placeError: 'invalid_position',
      draft: { step: 'place' },
    });
  });

  it('ignores a confirmation outside Malmö (the place step already says why)', () => {
    const s = on({});
    expect(run(s, { type: 'placeConfirmed', pin: copenhagen, nearbyCount: null })).toBe(s);
    // In the envelope but outside the municipal boundary (Öresund off Ribersborg): the boundary decides.
    const sea = { lon: 12.955, lat: 55.605 };
    expect(run(s, { type: 'placeConfirmed', pin: sea, nearbyCount: null, outsideMalmo: true })).toBe(s);
  });

  it('confirms a place: the pin is the draft\'s, errors go, the category step follows', () => {
    const s = on({}, { placeError: 'no_pin', fieldErrors: { position: 'invalid_position', description: 'description_required' } });
    const next = run(s, { type: 'placeConfirmed', pin: elsewhere, nearbyCount: null });
    expect(next.draft).toMatchObject({ pin: elsewhere, step: 'category' });
    expect(next.placeError).toBeNull();
    expect(next.fieldErrors).toEqual({ position: undefined, description: 'description_required' });
  });

  it('confirms only on the place step (Enter on the map later does nothing)', () => {
    const s = on({ pin, category: 'litter', step: 'details' });
    expect(run(s, { type: 'placeConfirmed', pin: elsewhere, nearbyCount: 0 })).toBe(s);
    const done = run(on({ pin, step: 'details' }), { type: 'submitted', result });
    expect(run(done, { type: 'placeConfirmed', pin: elsewhere, nearbyCount: 0 })).toBe(done);
  });
});

describe('report flow: category and similar reports', () => {
  const onCategory = on({ pin, step: 'category' });

  it('asks for a category before going on', () => {
    const s = run(onCategory, { type: 'next', nearbyCount: null });
    expect(s.categoryRequired).toBe(true);
    expect(selectStep(s)).toBe('category');
  });

  it('choosing a category clears the request and a support given for another category', () => {
    const s = run({ ...onCategory, categoryRequired: true, supportedId: OTHER_ID }, { type: 'categoryChosen', category: 'litter' });
    expect(s).toMatchObject({ draft: { category: 'litter' }, categoryRequired: false, supportedId: null });
  });

  it('goes to the similar reports unless it is known that there are none', () => {
    const chosen = run(onCategory, { type: 'categoryChosen', category: 'litter' });
    expect(selectStep(run(chosen, { type: 'next', nearbyCount: null }))).toBe('nearby');
    expect(selectStep(run(chosen, { type: 'next', nearbyCount: 2 }))).toBe('nearby');
    expect(selectStep(run(chosen, { type: 'next', nearbyCount: 0 }))).toBe('details');
  });

  it('asks for similar reports once there is a place and a category, not on the place step or when done', () => {
    expect(selectNearbyQuery(on({ pin, step: 'category' }))).toBeNull();
    expect(selectNearbyQuery(on({ pin, category: 'litter', step: 'category' }))).toEqual({ ...pin, category: 'litter' });
    expect(selectNearbyQuery(on({ pin, category: 'litter', step: 'place' }))).toBeNull();
    expect(selectNearbyQuery(on({ category: 'litter', step: 'category' }))).toBeNull();
    const done = run(on({ pin, category: 'litter', step: 'details' }), { type: 'submitted', result });
    expect(selectNearbyQuery(done)).toBeNull();
  });

  it('records a support; going on anyway forgets it and moves to the details', () => {
    const onNearby = on({ pin, category: 'litter', step: 'nearby' });
    const supported = run(onNearby, { type: 'supported', reportId: OTHER_ID });
    expect(supported.supportedId).toBe(OTHER_ID);
    const onward = run(supported, { type: 'next', nearbyCount: 1 });
    expect(onward).toMatchObject({ supportedId: null, draft: { step: 'details' } });
    expect(run(onNearby, { type: 'next', nearbyCount: 1 }).draft.step).toBe('details');
  });

  it('"Nästa" does nothing on the place and details steps (they have their own buttons)', () => {
    const place = on({ pin });
    expect(run(place, { type: 'next', nearbyCount: 0 })).toBe(place);
    const details = on({ pin, category: 'litter', step: 'details' });
    expect(run(details, { type: 'next', nearbyCount: 0 })).toBe(details);
  });

  it('goes back one step, past an empty similar-reports step', () => {
    const back = (step: Draft['step'], nearbyCount: number | null) =>
      run(on({ pin, category: 'litter', step }), { type: 'back', nearbyCount }).draft.step;
    expect(back('details', 0)).toBe('category');
    expect(back('details', 3)).toBe('nearby');
    expect(back('details', null)).toBe('nearby');
    expect(back('nearby', 3)).toBe('category');
    expect(back('category', 3)).toBe('place');
    expect(back('place', 3)).toBe('place');
  });
});

describe('report flow: details', () => {
  const onDetails = on({ pin, category: 'litter', step: 'details' });

  it('"Ändra plats" goes back to the place step, keeping everything', () => {
    const s = run({ ...onDetails, draft: { ...onDetails.draft, description: 'Skräp' } }, { type: 'changePlace' });
    expect(s.draft).toMatchObject({ step: 'place', pin, category: 'litter', description: 'Skräp' });
  });

  it('typing clears that field\'s error and only that one', () => {
    const s = { ...onDetails, fieldErrors: { description: 'description_required', observedAt: 'observed_required' } as const };
    const typed = run(s, { type: 'descriptionChanged', description: 'Mörkt' });
    expect(typed.draft.description).toBe('Mörkt');
    expect(typed.fieldErrors).toEqual({ description: undefined, observedAt: 'observed_required' });
    const dated = run(s, { type: 'observedAtChanged', observedAt: '2026-12-01T10:00' });
    expect(dated.draft.observedAt).toBe('2026-12-01T10:00');
    expect(dated.fieldErrors).toEqual({ description: 'description_required', observedAt: undefined });
    expect(run(onDetails, { type: 'descriptionChanged', description: 'x' }).fieldErrors).toBe(onDetails.fieldErrors);
  });

  it('a photo: refused, processing, added, failed to decode, removed', () => {
    const refused = run(onDetails, { type: 'photoRejected', problem: 'photo_type' });
    expect(refused.photoError).toBe('photo_type');
    const busy = run(refused, { type: 'photoProcessing' });
    expect(busy).toMatchObject({ photoBusy: true, photoError: null });
    const added = run(busy, { type: 'photoAdded', photo });
    expect(added).toMatchObject({ photo, photoBusy: false, photoError: null, draft: { hasPhoto: true } });
    const failed = run(busy, { type: 'photoFailed' });
    expect(failed).toMatchObject({ photo: null, photoBusy: false, photoError: 'decode', draft: { hasPhoto: false } });
    const removed = run({ ...added, photoError: 'photo_too_large' }, { type: 'photoRemoved' });
    expect(removed).toMatchObject({ photo: null, photoError: null, draft: { hasPhoto: false } });
  });
});

describe('report flow: submitting', () => {
  const complete = on({ pin, category: 'litter', step: 'details', description: 'Skräp vid hållplatsen' });
  const invalid = (draft: Draft) => {
    const v = validateDraft(draft, null);
    if (v.ok) throw new Error('expected an invalid draft');
    return v;
  };

  it('sends a missing place back to the place step, saying which problem', () => {
    const noPin = on({ category: 'litter', step: 'details', description: 'x' });
    const s = run(noPin, { type: 'draftInvalid', failure: invalid(noPin.draft) });
    expect(s).toMatchObject({ placeError: 'no_pin', draft: { step: 'place' } });
    expect(s.fieldErrors.position).toBeDefined();
    const badPin = on({ pin: { lon: Number.POSITIVE_INFINITY, lat: 55.6 }, category: 'litter', step: 'details', description: 'x' });
    expect(run(badPin, { type: 'draftInvalid', failure: invalid(badPin.draft) })).toMatchObject({
      placeError: 'invalid_position',
      draft: { step: 'place' },
    });
  });

  it('sends a missing category back to the category step', () => {
    const noCategory = on({ pin, step: 'details', description: 'x' });
    expect(run(noCategory, { type: 'draftInvalid', failure: invalid(noCategory.draft) })).toMatchObject({
      categoryRequired: true,
      draft: { step: 'category' },
    });
  });

  it('asks to focus the first invalid field, anew each time', () => {
    const empty = on({ pin, category: 'litter', step: 'details', description: '  ' });
    const failure = invalid(empty.draft);
    const once = run({ ...empty, submitError: 'network' }, { type: 'draftInvalid', failure });
    expect(once).toMatchObject({
      fieldErrors: { description: 'description_required' },
      focusRequest: { field: 'description', n: 1 },
      submitError: null,
      draft: { step: 'details' },
    });
    expect(run(once, { type: 'draftInvalid', failure }).focusRequest).toEqual({ field: 'description', n: 2 });
  });

  it('shows a problem not tied to a field as the submit error', () => {
    const s = run(complete, { type: 'draftInvalid', failure: { ok: false, errors: {}, first: null, other: 'invalid_photo_path' } });
    expect(s.submitError).toBe('invalid_photo_path');
    const unknown = run(complete, { type: 'draftInvalid', failure: { ok: false, errors: {}, first: null, other: null } });
    expect(unknown.submitError).toBe('unexpected');
  });

  it('a valid draft clears the errors; a refusal on this side is shown', () => {
    const s = { ...complete, fieldErrors: { description: 'description_required' } as const, submitError: 'network' as const };
    expect(run(s, { type: 'draftValid' })).toMatchObject({ fieldErrors: {}, submitError: null });
    expect(run(complete, { type: 'submitRefused', code: 'not_signed_in' }).submitError).toBe('not_signed_in');
  });

  it('sent: the confirmation, the draft no longer kept, no notice, no "Börja om"', () => {
    const s = run({ ...complete, showRestored: true, photo }, { type: 'submitted', result });
    expect(selectStep(s)).toBe('done');
    expect(s).toMatchObject({ result, photo: null, showRestored: false });
    expect(selectKeepsDraft(s)).toBe(false);
    expect(selectCanStartOver(s)).toBe(false);
    expect(selectShowsRestoredNotice({ ...s, showRestored: true })).toBe(false);
  });

  it('queued without network: the confirmation follows the outbox item', () => {
    const s = run({ ...complete, showRestored: true, photo }, { type: 'queued', id: ID });
    expect(selectStep(s)).toBe('done');
    expect(s).toMatchObject({ queuedId: ID, photo: null, showRestored: false });
    expect(selectKeepsDraft(s)).toBe(false);
  });

  it('a queued report taken back for editing replaces the form and opens it again', () => {
    const queued = run({ ...complete, fieldErrors: { observedAt: 'observed_in_future' }, submitError: 'network' }, { type: 'queued', id: ID });
    const back = fresh({ id: OTHER_ID, pin: elsewhere, category: 'dark_place', step: 'details', hasPhoto: true });
    const s = run(queued, { type: 'draftReplaced', draft: back, photo });
    expect(s).toMatchObject({ draft: back, photo, result: null, queuedId: null, fieldErrors: {}, submitError: null });
    expect(selectStep(s)).toBe('details');
    expect(selectKeepsDraft(s)).toBe(true);
  });
});

describe('report flow: starting over and identity', () => {
  const busy = run(
    on({ pin, category: 'litter', step: 'details', description: 'Något', hasPhoto: true }, {
      showRestored: true,
      photo,
      photoError: 'photo_type',
      fieldErrors: { observedAt: 'observed_in_future' },
      submitError: 'network',
      placeError: 'no_pin',
      categoryRequired: true,
      supportedId: OTHER_ID,
      focusRequest: { field: 'description', n: 3 },
    }),
  );

  it('"Börja om" forgets everything, the place included', () => {
    const next = fresh({ id: OTHER_ID, pin: null });
    const s = run(busy, { type: 'reset', draft: next });
    expect(s).toEqual(initialReportFlow(next));
    expect(s.draft.pin).toBeNull();
    expect(selectStep(s)).toBe('place');
    expect(selectCanStartOver(s)).toBe(false);
    // The pin on the map does not come back by itself: only a pin that moves is taken.
    expect(run(s, { type: 'mapPinMoved', pin: elsewhere }).draft.pin).toEqual(elsewhere);
  });

  it('"Ny rapport" after a confirmation starts a fresh draft where it is given', () => {
    const done = run(busy, { type: 'submitted', result });
    const s = run(done, { type: 'reset', draft: fresh({ id: OTHER_ID, pin }) });
    expect(selectStep(s)).toBe('place');
    expect(s).toMatchObject({ result: null, draft: { id: OTHER_ID, pin, category: null, description: '' } });
  });

  it('offers "Börja om" only while there is something to throw away', () => {
    expect(selectCanStartOver(on({}))).toBe(false);
    expect(selectCanStartOver(on({ pin }))).toBe(true);
    expect(selectCanStartOver(on({ description: 'x' }))).toBe(true);
  });

  it('a draft never passes to another user; one started before sign-in becomes the user\'s', () => {
    expect(identityChangeEffect(fresh({ userId: 'u1' }), 'u2')).toBe('reset');
    expect(identityChangeEffect(fresh({ userId: 'u1' }), 'u1')).toBe('keep');
    expect(identityChangeEffect(fresh({ userId: 'u1' }), null)).toBe('keep');
    expect(identityChangeEffect(fresh({ userId: null }), 'u1')).toBe('adopt');
    expect(identityChangeEffect(fresh({ userId: null }), null)).toBe('keep');
    expect(run(on({ userId: null }), { type: 'signedIn', userId: 'u1' }).draft.userId).toBe('u1');
    const owned = on({ userId: 'u1' });
    expect(run(owned, { type: 'signedIn', userId: 'u2' })).toBe(owned);
  });
});

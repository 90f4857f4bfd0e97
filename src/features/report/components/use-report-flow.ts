import { useEffect, useEffectEvent, useMemo, useReducer, useRef, useState, type Dispatch, type RefObject } from 'react';
import type { Backend, Identity } from '../../../backend/backend';
import { ApiError } from '../../../domain/errors';
import { useIdentity, useMalmoBoundary } from '../../../hooks';
import { photoProblem, resizeToJpeg } from '../../../ui/photo-encode';
import { useQuery } from '@tanstack/react-query';
import { myReportsOptions } from '../api/my-reports';
import { useNearbyReports } from '../api/nearby-reports';
import { newPhotoPath, useSubmitReport } from '../api/submit-report';
import { useSupportReport } from '../api/support-report';
import { newDraft, type Draft } from '../lib/draft';
import { onDraftReplaced } from '../lib/draft-events';
import { clearDraft, loadDraft, loadDraftPhoto, saveDraft, saveDraftPhoto } from '../lib/draft-storage';
import { isInMalmo } from '../lib/malmo-boundary';
import {
  identityChangeEffect,
  reportFlowReducer,
  restoreReportFlow,
  samePin,
  selectKeepsDraft,
  selectNearbyQuery,
  selectStep,
  type Pin,
  type ReportFlowAction,
  type ReportFlowState,
} from '../lib/report-flow';
import type { Step } from '../lib/steps';
import { validateDraft, type Field } from '../lib/validation';
import { isOffline, isTransientError, reportOutbox, useReportOutboxItems } from '../outbox/report-outbox';
import { DESCRIPTION_ID, NOTIFY_EMAIL_ID, OBSERVED_ID } from './details-step';
import { useLang } from './use-lang';

/** What the report flow needs from the app shell, which owns the map and its pin. */
export interface ReportFlowShell {
  backend: Backend;
  /**
   * The backend has started (the embedded database is open). Until then the flow works all the same on the
   * shipped reference data; a report sent meanwhile waits in the outbox. Default true.
   */
  ready?: boolean;
  /** The pin on the map (null when there is none or the report tab is not shown). */
  pin: Pin | null;
  /** Changes when Enter was pressed on the map in pin mode: confirm the place. */
  pinConfirmKey: number;
  onPinModeChange(active: boolean): void;
  onSetPin(p: Pin, opts?: { fly?: boolean; zoom?: number }): void;
  /** Takes the pin off the map ("Börja om" starts without a place). */
  onClearPin?(): void;
  onSubmitted(id: string): void;
  onOpenReport(id: string): void;
}

/** The panel's elements the flow moves focus to and watches (owned by the view, which renders them). */
export interface ReportFlowElements {
  /** The panel's root: watched to notice when it is shown again. */
  root: RefObject<HTMLDivElement | null>;
  /** The current step's heading: focus goes there when the step changes. */
  heading: RefObject<HTMLHeadingElement | null>;
}

const FIELD_ELEMENT: Partial<Record<Field, string>> = {
  description: DESCRIPTION_ID,
  observedAt: OBSERVED_ID,
  notifyEmail: NOTIFY_EMAIL_ID,
};

const freshDraft = (userId: string | null, pin: Pin | null): Draft =>
  newDraft(crypto.randomUUID(), userId, new Date(), pin);

/**
 * The report flow's state (a reducer over `lib/report-flow.ts`) and everything it does outside itself: the
 * saved draft, the submission and the outbox, the map's pin and pin mode, focus. The panel only renders it.
 */
export function useReportFlow(shell: ReportFlowShell, elements: ReportFlowElements) {
  const { backend, pin, pinConfirmKey } = shell;
  const ready = shell.ready ?? true;
  const identity = useIdentity(backend);
  const lang = useLang();
  // E-mail on a status change needs a mail server: Supabase mode only (docs/notifications.md).
  const notifyAvailable = backend.kind === 'supabase';
  const boundary = useMalmoBoundary();
  const outsideMalmo = (p: Pin | null) => p !== null && !isInMalmo(boundary.data, p);

  const [init] = useState(() => {
    const { state, discardSaved } = restoreReportFlow(loadDraft(), backend.identity().userId, () =>
      freshDraft(backend.identity().userId, pin),
    );
    if (discardSaved) void clearDraft(); // another user's draft is never shown
    return state;
  });
  const [state, dispatch] = useReducer(reportFlowReducer, init);
  const { draft, photo } = state;
  const step = selectStep(state);

  const submit = useSubmitReport(backend);
  /** "Skicka" was pressed before the backend was ready and before anyone was signed in: submit once it is. */
  const [submitWhenReady, setSubmitWhenReady] = useState(false);
  const support = useSupportReport(backend);
  const outboxItems = useReportOutboxItems(backend);
  const queuedItem = state.queuedId ? (outboxItems.find((i) => i.id === state.queuedId) ?? null) : null;

  const nearbyQuery = selectNearbyQuery(state);
  const nearby = useNearbyReports(backend, nearbyQuery);
  const nearbyCount = nearby.isSuccess ? nearby.data.length : null;
  // The resident's own reports among the nearby ones get no "+1" (api.support_report refuses it: own_report).
  const mine = useQuery({
    ...myReportsOptions(backend, identity.userId),
    enabled: step === 'nearby' && identity.userId !== null,
  });
  const ownIds = useMemo(() => new Set((mine.data ?? []).map((r) => r.id)), [mine.data]);

  useFollowMapPin(pin, dispatch);
  useEnterOnMapConfirms(pinConfirmKey, () => {
    const p = pin ?? draft.pin;
    dispatch({ type: 'placeConfirmed', pin: p, nearbyCount, outsideMalmo: outsideMalmo(p) });
  });
  useSaveDraft(state);
  useRestoreOnMount(init, shell, dispatch);
  const photoUrl = usePhotoPreviewUrl(photo);
  usePinModeOnPlaceStep(step, draft.pin, shell, elements.root);
  const { focusHeadingSoon, headingShowsStep } = useFocusFollowsStep(step, state.focusRequest, elements.heading);

  const resetFlow = (userId: string | null, startPin: Pin | null) => {
    void clearDraft();
    dispatch({ type: 'reset', draft: freshDraft(userId, startPin) });
    submit.reset();
    support.reset();
  };

  // An unsent report taken back from the outbox (Mina rapporter → Ändra) replaces the form's content.
  const loadDraftIntoForm = useEffectEvent((next: Draft, blob: Blob | null) => {
    dispatch({ type: 'draftReplaced', draft: next, photo: blob });
    submit.reset();
    if (next.pin) shell.onSetPin(next.pin, { fly: true });
  });
  useEffect(() => onDraftReplaced((d, b) => loadDraftIntoForm(d, b)), []);

  // A draft never passes from one user to another; one started before sign-in becomes the user's.
  const onIdentity = useEffectEvent((identity: Identity) => {
    const change = identityChangeEffect(draft, identity.userId);
    if (change === 'reset') resetFlow(identity.userId, pin);
    else if (change === 'adopt' && identity.userId) dispatch({ type: 'signedIn', userId: identity.userId });
  });
  useEffect(() => backend.onIdentityChange(onIdentity), [backend]);

  const onSubmit = () => {
    if (submit.isPending || state.photoBusy) return;
    const userId = backend.identity().userId;
    if (photo && !userId) {
      dispatch({ type: 'submitRefused', code: 'not_signed_in' });
      return;
    }
    const v = validateDraft(draft, photo && userId ? newPhotoPath() : null, undefined, { notifyAvailable });
    if (!v.ok) {
      dispatch({ type: 'draftInvalid', failure: v });
      return;
    }
    dispatch({ type: 'draftValid' });
    const payload = v.notifyEmail ? { ...v.input, notifyEmail: v.notifyEmail, notifyLang: lang } : v.input;
    // No network (or, in local mode, the browser says it is offline): keep the report in the outbox; it
    // is sent once when the network returns (same id, so a retry never duplicates it).
    const enqueue = async () => {
      await reportOutbox(backend).add({ id: v.input.id, owner: userId, payload, blob: photo });
      void clearDraft();
      dispatch({ type: 'queued', id: v.input.id });
    };
    // Before the database is ready the report waits in the outbox too, and goes when it is (the shell's
    // outbox runner starts then). It needs its owner: without one yet (Supabase signs in while starting),
    // wait for the start and submit then.
    if (!ready && !userId) {
      setSubmitWhenReady(true);
      return;
    }
    if (isOffline() || !ready) {
      void enqueue().catch((e: unknown) =>
        dispatch({ type: 'submitRefused', code: e instanceof ApiError ? e.code : 'unexpected' }),
      );
      return;
    }
    submit.mutate(
      { input: payload, photo },
      {
        onSuccess: (r) => {
          void clearDraft();
          dispatch({ type: 'submitted', result: r });
          shell.onSubmitted(r.id);
        },
        onError: (e) => {
          if (!isTransientError(e)) return; // shown on the form, which keeps everything to correct
          submit.reset();
          void enqueue().catch(() => dispatch({ type: 'submitRefused', code: 'network' }));
        },
      },
    );
  };

  const submitNow = useEffectEvent(() => onSubmit());
  useEffect(() => {
    if (!ready || !submitWhenReady) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a one-shot request, answered once the backend is ready
    setSubmitWhenReady(false);
    submitNow();
  }, [ready, submitWhenReady]);

  const onPhoto = async (file: File) => {
    const problem = photoProblem(file);
    if (problem) {
      dispatch({ type: 'photoRejected', problem });
      return;
    }
    dispatch({ type: 'photoProcessing' });
    try {
      const { blob } = await resizeToJpeg(file);
      await saveDraftPhoto(blob); // before the draft says it has one, so a reload finds it
      dispatch({ type: 'photoAdded', photo: blob });
    } catch {
      dispatch({ type: 'photoFailed' });
    }
  };

  const submitError = useMemo(() => (state.submitError ? new ApiError(state.submitError) : null), [state.submitError]);

  return {
    state,
    step,
    photoUrl,
    queuedItem,
    ready,
    /** The current pin is outside Malmö's boundary (the place step says so; it cannot be confirmed). */
    pinOutsideMalmo: outsideMalmo(draft.pin),
    /**
     * No session to report with (local mode's "anonymous" persona: a visitor the app has not signed in): said at
     * the start, with the way to sign in anonymously, instead of "you must be signed in" at the last step.
     */
    needsSignIn: ready && identity.userId === null && identity.role === 'anon' && backend.personas !== undefined,
    signInAnonymously() {
      void backend.personas?.switchTo('resident');
    },
    nearby: {
      reports: nearby.data,
      loading: nearby.isPending && nearbyQuery !== null,
      error: nearby.error,
      supportError: support.error,
      supportingId: support.isPending ? (support.variables ?? null) : null,
      ownIds,
    },
    submitting: submit.isPending || submitWhenReady,
    submitError: submitError ?? submit.error,

    setPin(p: Pin, opts?: { fly?: boolean; zoom?: number }) {
      dispatch({ type: 'pinSet', pin: p });
      shell.onSetPin(p, opts);
    },
    confirmPlace() {
      dispatch({ type: 'placeConfirmed', pin: draft.pin, nearbyCount, outsideMalmo: outsideMalmo(draft.pin) });
    },
    chooseCategory(category: string) {
      dispatch({ type: 'categoryChosen', category });
    },
    next() {
      if (step === 'category' && !draft.category) {
        requestAnimationFrame(() => document.querySelector<HTMLInputElement>('input[name="report-category"]')?.focus());
      }
      // After a support the saved draft was cleared (the need was met); going on anyway keeps it again.
      if (step === 'nearby' && state.supportedId && photo) void saveDraftPhoto(photo);
      dispatch({ type: 'next', nearbyCount });
    },
    back() {
      dispatch({ type: 'back', nearbyCount });
    },
    changePlace() {
      submit.reset();
      dispatch({ type: 'changePlace' });
    },
    support(reportId: string) {
      support.mutate(reportId, {
        onSuccess: () => {
          dispatch({ type: 'supported', reportId });
          // The resident's need is met: nothing to restore after a reload (unless they go on anyway).
          void clearDraft();
        },
      });
    },
    openReport(reportId: string) {
      resetFlow(backend.identity().userId, pin);
      shell.onOpenReport(reportId);
    },
    setDescription(description: string) {
      dispatch({ type: 'descriptionChanged', description });
    },
    /** "Meddela mig via e-post" is offered (Supabase mode). */
    notifyAvailable,
    setNotify(notify: boolean) {
      dispatch({ type: 'notifyChanged', notify });
    },
    setNotifyEmail(email: string) {
      dispatch({ type: 'notifyChanged', email });
    },
    setObservedAt(observedAt: string) {
      dispatch({ type: 'observedAtChanged', observedAt });
    },
    addPhoto(file: File) {
      void onPhoto(file);
    },
    removePhoto() {
      dispatch({ type: 'photoRemoved' });
      void saveDraftPhoto(null);
      requestAnimationFrame(() => document.getElementById('report-photo')?.focus());
    },
    submit: onSubmit,
    /** "Börja om": after the resident confirms, a fresh draft without a place (the pin leaves the map too). */
    startOver() {
      resetFlow(backend.identity().userId, null);
      shell.onClearPin?.();
      headingShowsStep('place');
      focusHeadingSoon();
    },
    /** "Ny rapport" after the confirmation: a fresh draft, starting where the last one was. */
    newReport() {
      resetFlow(backend.identity().userId, pin);
    },
    /** "Ändra" on a queued report: the form is refilled through onDraftReplaced; then focus its step. */
    editQueued() {
      focusHeadingSoon();
    },
  };
}

export type ReportFlow = ReturnType<typeof useReportFlow>;

// ---- the outside world, one concern each ----------------------------------------------------------

/**
 * The pin is owned by the app shell (the map moves it); a new pin from the map becomes the draft's. Done
 * while rendering, not in an effect, so the panel never shows the old place for a frame. Only a change
 * counts: a draft started over without a place keeps none until the pin moves again.
 */
function useFollowMapPin(pin: Pin | null, dispatch: Dispatch<ReportFlowAction>) {
  const [seen, setSeen] = useState(pin);
  if (!samePin(pin, seen)) {
    setSeen(pin);
    if (pin) dispatch({ type: 'mapPinMoved', pin });
  }
}

/** Enter on the focused map (in pin mode) bumps the shell's counter: confirm the place, once per press. */
function useEnterOnMapConfirms(pinConfirmKey: number, confirm: () => void) {
  const [seen, setSeen] = useState(pinConfirmKey);
  if (pinConfirmKey !== seen) {
    setSeen(pinConfirmKey);
    confirm();
  }
}

/** The draft is saved on every change (it survives reloads and failed submissions) until it is sent or queued. */
function useSaveDraft(state: ReportFlowState) {
  const keep = selectKeepsDraft(state);
  const { draft } = state;
  useEffect(() => {
    if (keep) saveDraft(draft);
  }, [draft, keep]);
}

/** Once, for a restored draft: its photo comes back from IndexedDB and its pin back onto the map. */
function useRestoreOnMount(init: ReportFlowState, shell: ReportFlowShell, dispatch: Dispatch<ReportFlowAction>) {
  useEffect(() => {
    if (!init.draft.hasPhoto) return;
    let live = true;
    void loadDraftPhoto().then((photo) => {
      if (live) dispatch({ type: 'photoRestored', photo });
    });
    return () => {
      live = false;
    };
  }, [init, dispatch]);

  const restorePin = useEffectEvent(() => {
    if (init.draft.pin && !samePin(init.draft.pin, shell.pin)) shell.onSetPin(init.draft.pin, { fly: true });
  });
  useEffect(() => {
    restorePin();
  }, [init]);
}

/** The photo preview's object URL follows the blob (an external resource: created and revoked here). */
function usePhotoPreviewUrl(photo: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!photo) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- clears the URL of a revoked object URL
      setUrl(null);
      return;
    }
    const next = URL.createObjectURL(photo);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [photo]);
  return url;
}

/**
 * The map is in pin mode while the place step is shown (and not after the panel is gone). When the panel
 * becomes visible again (after "Stäng" hid it and the shell took the pin away), the pin and pin mode come
 * back (the panel's root element is what is watched).
 */
function usePinModeOnPlaceStep(
  step: Step,
  draftPin: Pin | null,
  shell: ReportFlowShell,
  rootRef: RefObject<HTMLDivElement | null>,
) {
  const placeActive = step === 'place';
  const setPinMode = useEffectEvent((active: boolean) => shell.onPinModeChange(active));
  useEffect(() => {
    setPinMode(placeActive);
  }, [placeActive]);
  useEffect(() => () => setPinMode(false), []);

  const onVisible = useEffectEvent(() => {
    shell.onPinModeChange(step === 'place');
    if (draftPin && !shell.pin && step !== 'done') shell.onSetPin(draftPin, { fly: false });
  });
  useEffect(() => {
    const el = rootRef.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    let wasVisible = true;
    const io = new IntersectionObserver((entries) => {
      const visible = entries.some((e) => e.isIntersecting || e.boundingClientRect.height > 0);
      if (visible && !wasVisible) onVisible();
      wasVisible = visible;
    });
    io.observe(el);
    return () => io.disconnect();
  }, [rootRef]);
}

/**
 * Focus follows the flow: to the new step's heading whenever the step changes, and to a field the
 * reducer asks for (the first invalid one on submit), after it has rendered with its error.
 */
function useFocusFollowsStep(
  step: Step,
  focusRequest: ReportFlowState['focusRequest'],
  headingRef: RefObject<HTMLHeadingElement | null>,
) {
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    headingRef.current?.focus();
  }, [step, headingRef]);

  useEffect(() => {
    if (!focusRequest) return;
    const id = FIELD_ELEMENT[focusRequest.field];
    if (id) document.getElementById(id)?.focus();
  }, [focusRequest]);

  return {
    /** Focus the heading after the next paint (when the step does not change, or changes from outside). */
    focusHeadingSoon: () => requestAnimationFrame(() => headingRef.current?.focus()),
    /** Tell the step watcher a step is already handled, so it does not move focus a second time. */
    headingShowsStep: (s: Step) => {
      shownStep.current = s;
    },
  };
}

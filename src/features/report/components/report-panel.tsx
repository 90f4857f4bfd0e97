import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceData, SubmittedReport } from '../../../api';
import type { Backend, Identity } from '../../../backend/backend';
import { ApiError } from '../../../domain/errors';
import { Button } from '../../../ui';
import { useNearbyReports } from '../api/nearby-reports';
import { newPhotoPath, useSubmitReport } from '../api/submit-report';
import { useSupportReport } from '../api/support-report';
import { draftBelongsTo, draftHasContent, newDraft, type Draft } from '../lib/draft';
import { clearDraft, loadDraft, loadDraftPhoto, saveDraft, saveDraftPhoto } from '../lib/draft-storage';
import { onDraftReplaced } from '../lib/draft-events';
import { photoProblem, resizeToJpeg } from '../../../ui/photo-encode';
import { isOffline, isTransientError, reportOutbox, useReportOutboxItems } from '../outbox/report-outbox';
import { nextStep, placeProblem, prevStep, type Step } from '../lib/steps';
import { validateDraft, type Field, type FieldErrors } from '../lib/validation';
import { CategoryStep } from './category-step';
import { ConfirmationStep, QueuedConfirmation } from './confirmation-step';
import { DESCRIPTION_ID, DetailsStep, OBSERVED_ID } from './details-step';
import { NearbyStep } from './nearby-step';
import { PlaceStep } from './place-step';
import '../report.css';

type Pin = { lon: number; lat: number };

export interface ReportPanelProps {
  backend: Backend;
  reference: ReferenceData;
  pin: Pin | null;
  pinConfirmKey: number;
  onPinModeChange(active: boolean): void;
  onSetPin(p: Pin, opts?: { fly?: boolean; zoom?: number }): void;
  onSubmitted(id: string): void;
  onClose(): void;
  onOpenReport(id: string): void;
}

const FIELD_ELEMENT: Partial<Record<Field, string>> = { description: DESCRIPTION_ID, observedAt: OBSERVED_ID };

function initialState(backend: Backend, pin: Pin | null): { draft: Draft; restored: boolean } {
  const userId = backend.identity().userId;
  const saved = loadDraft();
  if (saved && draftBelongsTo(saved, userId)) {
    return { draft: saved.userId === null ? { ...saved, userId } : saved, restored: draftHasContent(saved) };
  }
  if (saved) void clearDraft();
  return { draft: newDraft(crypto.randomUUID(), userId, new Date(), pin), restored: false };
}

const samePin = (a: Pin | null, b: Pin | null) => a?.lon === b?.lon && a?.lat === b?.lat;

/**
 * The resident's report flow: place → category → similar reports nearby → details → confirmation.
 * The draft (with its client-generated id) is saved on every change and survives reloads and failed
 * submissions; it is cleared only after a successful submit.
 */
export function ReportPanel(props: ReportPanelProps) {
  const { backend, reference, pin, pinConfirmKey } = props;
  const { t } = useTranslation(['report', 'errors']);

  const [init] = useState(() => initialState(backend, pin));
  const [draft, setDraft] = useState<Draft>(init.draft);
  const [showRestored, setShowRestored] = useState(init.restored);
  const [result, setResult] = useState<SubmittedReport | null>(null);
  /** Set when the report went to the outbox instead (no network): the confirmation follows its state. */
  const [queuedId, setQueuedId] = useState<string | null>(null);
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [photoUrl, setPhotoUrl] = useState<string | null>(null);
  const [photoBusy, setPhotoBusy] = useState(false);
  const [photoError, setPhotoError] = useState<'photo_type' | 'photo_too_large' | 'decode' | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [localSubmitError, setLocalSubmitError] = useState<ApiError | null>(null);
  const [placeError, setPlaceError] = useState<'no_pin' | 'invalid_position' | null>(null);
  const [categoryRequired, setCategoryRequired] = useState(false);
  const [supportedId, setSupportedId] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ field: Field; n: number } | null>(null);

  const submit = useSubmitReport(backend);
  const support = useSupportReport(backend);

  const outboxItems = useReportOutboxItems(backend);
  const queuedItem = queuedId ? (outboxItems.find((i) => i.id === queuedId) ?? null) : null;
  const step: Step = result || queuedId ? 'done' : draft.step;
  const category = reference.categories.find((c) => c.code === draft.category) ?? null;

  // Similar reports: fetched as soon as a category is chosen, so "Nästa" usually knows whether to skip.
  const nearbyArgs =
    draft.pin && draft.category && step !== 'place' && step !== 'done'
      ? { lon: draft.pin.lon, lat: draft.pin.lat, category: draft.category }
      : null;
  const nearby = useNearbyReports(backend, nearbyArgs);
  const nearbyCount = nearby.isSuccess ? nearby.data.length : null;

  // ---- persistence -------------------------------------------------------------------------------
  useEffect(() => {
    if (!result && !queuedId) saveDraft(draft);
  }, [draft, result, queuedId]);

  // An unsent report taken back from the outbox (Mina rapporter → Ändra) replaces the form's content.
  const loadDraftIntoForm = useEffectEvent((next: Draft, blob: Blob | null) => {
    setDraft(next);
    setPhoto(blob);
    setResult(null);
    setQueuedId(null);
    setFieldErrors({});
    setLocalSubmitError(null);
    submit.reset();
    if (next.pin) props.onSetPin(next.pin, { fly: true });
  });
  useEffect(() => onDraftReplaced((d, b) => loadDraftIntoForm(d, b)), []);

  // Restore the photo from IndexedDB and the pin on the map, once.
  useEffect(() => {
    let live = true;
    if (init.draft.hasPhoto) {
      void loadDraftPhoto().then((blob) => {
        if (!live) return;
        if (blob) setPhoto(blob);
        else setDraft((d) => ({ ...d, hasPhoto: false }));
      });
    }
    return () => {
      live = false;
    };
  }, [init]);

  const restorePin = useEffectEvent(() => {
    if (draft.pin && !samePin(draft.pin, pin)) props.onSetPin(draft.pin, { fly: true });
  });
  useEffect(() => {
    restorePin();
  }, [init]);

  // The object URL of the photo preview follows the blob (an external resource: created and revoked here).
  useEffect(() => {
    if (!photo) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- clears the URL of a revoked object URL
      setPhotoUrl(null);
      return;
    }
    const url = URL.createObjectURL(photo);
    setPhotoUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  // ---- the pin (owned by the App) ------------------------------------------------------------------
  const lastPinProp = useRef(pin);
  useEffect(() => {
    if (pin && !samePin(pin, lastPinProp.current)) {
      setDraft((d) => (samePin(d.pin, pin) ? d : { ...d, pin }));
    }
    lastPinProp.current = pin;
  }, [pin]);

  const setPinFromPanel = (p: Pin, opts?: { fly?: boolean; zoom?: number }) => {
    setDraft((d) => ({ ...d, pin: p }));
    setPlaceError(null);
    props.onSetPin(p, opts);
  };

  // Pin mode is on while the place step is shown.
  const placeActive = step === 'place';
  const setPinMode = useEffectEvent((active: boolean) => props.onPinModeChange(active));
  useEffect(() => {
    setPinMode(placeActive);
  }, [placeActive]);
  useEffect(() => () => setPinMode(false), []);

  // When the panel becomes visible again (after "Stäng" hid it), put the pin and pin mode back.
  const rootRef = useRef<HTMLDivElement>(null);
  const onVisible = useEffectEvent(() => {
    props.onPinModeChange(step === 'place');
    if (draft.pin && !pin && step !== 'done') props.onSetPin(draft.pin, { fly: false });
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
  }, []);

  // ---- steps ---------------------------------------------------------------------------------------
  const goTo = (s: Exclude<Step, 'done'>) => setDraft((d) => ({ ...d, step: s }));

  const confirmPlace = (p: Pin | null) => {
    const problem = placeProblem(p);
    if (problem === 'no_pin' || problem === 'invalid_position') {
      setPlaceError(problem);
      return;
    }
    if (problem === 'outside_malmo') return; // the alert is already shown on the step
    setPlaceError(null);
    setFieldErrors((e) => ({ ...e, position: undefined }));
    setDraft((d) => ({ ...d, pin: p, step: nextStep('place', { nearbyCount }) as Draft['step'] }));
  };

  // Enter on the focused map (in pin mode) confirms the pin.
  const lastConfirmKey = useRef(pinConfirmKey);
  const onConfirmKey = useEffectEvent(() => {
    if (step === 'place') confirmPlace(pin ?? draft.pin);
  });
  useEffect(() => {
    if (pinConfirmKey === lastConfirmKey.current) return;
    lastConfirmKey.current = pinConfirmKey;
    onConfirmKey();
  }, [pinConfirmKey]);

  // Nothing similar nearby: "Nästa" on the category step skips the nearby step when the answer is already
  // known (it is fetched as soon as a category is picked). When the answer arrives while the nearby step
  // is shown, the step stays and says so: content never disappears from under the user's focus.

  // Move focus to the new step's heading whenever the step changes.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    headingRef.current?.focus();
  }, [step]);

  useEffect(() => {
    if (!focusRequest) return;
    const id = FIELD_ELEMENT[focusRequest.field];
    if (id) document.getElementById(id)?.focus();
  }, [focusRequest]);

  // ---- identity: a draft never passes from one user to another ------------------------------------
  const reset = (userId: string | null) => {
    void clearDraft();
    setDraft(newDraft(crypto.randomUUID(), userId, new Date(), pin));
    setShowRestored(false);
    setResult(null);
    setQueuedId(null);
    setPhoto(null);
    setPhotoError(null);
    setFieldErrors({});
    setLocalSubmitError(null);
    setPlaceError(null);
    setCategoryRequired(false);
    setSupportedId(null);
    submit.reset();
    support.reset();
  };
  const onIdentity = useEffectEvent((identity: Identity) => {
    const owner = draft.userId;
    if (owner !== null && identity.userId !== null && owner !== identity.userId) reset(identity.userId);
    else if (owner === null && identity.userId !== null) setDraft((d) => ({ ...d, userId: identity.userId }));
  });
  useEffect(() => backend.onIdentityChange(onIdentity), [backend]);

  // ---- photo ---------------------------------------------------------------------------------------
  const onPhoto = async (file: File) => {
    const problem = photoProblem(file);
    if (problem) {
      setPhotoError(problem);
      return;
    }
    setPhotoError(null);
    setPhotoBusy(true);
    try {
      const { blob } = await resizeToJpeg(file);
      setPhoto(blob);
      setDraft((d) => ({ ...d, hasPhoto: true }));
      await saveDraftPhoto(blob);
    } catch {
      setPhotoError('decode');
    } finally {
      setPhotoBusy(false);
    }
  };
  const onRemovePhoto = () => {
    setPhoto(null);
    setPhotoError(null);
    setDraft((d) => ({ ...d, hasPhoto: false }));
    void saveDraftPhoto(null);
    requestAnimationFrame(() => document.getElementById('report-photo')?.focus());
  };

  // ---- submit --------------------------------------------------------------------------------------
  const onSubmit = () => {
    if (submit.isPending || photoBusy) return;
    setLocalSubmitError(null);
    const userId = backend.identity().userId;
    if (photo && !userId) {
      setLocalSubmitError(new ApiError('not_signed_in'));
      return;
    }
    const photoPath = photo && userId ? newPhotoPath() : null;
    const v = validateDraft(draft, photoPath);
    if (!v.ok) {
      setFieldErrors(v.errors);
      if (v.first === 'position') {
        setPlaceError(draft.pin ? 'invalid_position' : 'no_pin');
        goTo('place');
      } else if (v.first === 'category') {
        setCategoryRequired(true);
        goTo('category');
      } else if (v.first) {
        setFocusRequest((r) => ({ field: v.first!, n: (r?.n ?? 0) + 1 }));
      } else {
        setLocalSubmitError(new ApiError(v.other ?? 'unexpected'));
      }
      return;
    }
    setFieldErrors({});
    // No network (or, in local mode, the browser says it is offline): keep the report in the outbox; it
    // is sent once when the network returns (same id, so a retry never duplicates it).
    const enqueue = async () => {
      await reportOutbox(backend).add({ id: v.input.id, owner: userId, payload: v.input, blob: photo });
      void clearDraft();
      setQueuedId(v.input.id);
      setPhoto(null);
      setShowRestored(false);
    };
    if (isOffline()) {
      void enqueue().catch((e: unknown) => setLocalSubmitError(e instanceof ApiError ? e : new ApiError('unexpected')));
      return;
    }
    submit.mutate(
      { input: v.input, photo },
      {
        onSuccess: (r) => {
          void clearDraft();
          setResult(r);
          setPhoto(null);
          setShowRestored(false);
          props.onSubmitted(r.id);
        },
        onError: (e) => {
          if (!isTransientError(e)) return; // shown on the form, which keeps everything to correct
          submit.reset();
          void enqueue().catch(() => setLocalSubmitError(new ApiError('network')));
        },
      },
    );
  };

  // ---- support ("Jag upplever också detta") -------------------------------------------------------
  const onSupport = (reportId: string) => {
    support.mutate(reportId, {
      onSuccess: () => {
        setSupportedId(reportId);
        // The resident's need is met: nothing to restore after a reload (unless they go on anyway).
        void clearDraft();
      },
    });
  };

  const startOver = () => {
    if (typeof window !== 'undefined' && !window.confirm(t('startOverConfirm'))) return;
    reset(backend.identity().userId);
    shownStep.current = 'place';
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  return (
    <div ref={rootRef} className="report-panel">
      <div className="report-panel-header">
        <h2 className="report-panel-title">{t('panelTitle')}</h2>
        <Button variant="ghost" className="report-btn" onClick={props.onClose}>
          {t('close')}
        </Button>
      </div>
      {showRestored && step !== 'done' ? <p className="report-notice">{t('draftRestored')}</p> : null}

      {step === 'place' ? (
        <PlaceStep
          headingRef={headingRef}
          pin={pin ?? draft.pin}
          confirmError={placeError}
          onSetPin={setPinFromPanel}
          onConfirm={() => confirmPlace(pin ?? draft.pin)}
        />
      ) : null}

      {step === 'category' ? (
        <CategoryStep
          headingRef={headingRef}
          reference={reference}
          category={draft.category}
          showRequired={categoryRequired}
          onChange={(code) => {
            setCategoryRequired(false);
            setSupportedId(null);
            setDraft((d) => ({ ...d, category: code }));
          }}
          onNext={() => {
            if (!draft.category) {
              setCategoryRequired(true);
              requestAnimationFrame(() =>
                document.querySelector<HTMLInputElement>('input[name="report-category"]')?.focus(),
              );
              return;
            }
            goTo(nextStep('category', { nearbyCount }) as Exclude<Step, 'done'>);
          }}
          onBack={() => goTo('place')}
        />
      ) : null}

      {step === 'nearby' ? (
        <NearbyStep
          headingRef={headingRef}
          reference={reference}
          radius={category?.duplicate_radius_m ?? null}
          reports={nearby.data}
          loading={nearby.isPending && nearbyArgs !== null}
          error={nearby.error}
          supportError={support.error}
          supportingId={support.isPending ? (support.variables ?? null) : null}
          supportedId={supportedId}
          onSupport={onSupport}
          onOpenReport={(id) => {
            reset(backend.identity().userId);
            props.onOpenReport(id);
          }}
          onNext={() => {
            if (supportedId) {
              setSupportedId(null);
              if (photo) void saveDraftPhoto(photo);
            }
            goTo('details');
          }}
          onBack={() => goTo('category')}
        />
      ) : null}

      {step === 'details' ? (
        <DetailsStep
          headingRef={headingRef}
          description={draft.description}
          observedAt={draft.observedAt}
          photoUrl={photoUrl}
          photoBusy={photoBusy}
          photoError={photoError}
          fieldErrors={fieldErrors}
          submitError={localSubmitError ?? submit.error}
          submitting={submit.isPending}
          onDescription={(v) => {
            setDraft((d) => ({ ...d, description: v }));
            if (fieldErrors.description) setFieldErrors((e) => ({ ...e, description: undefined }));
          }}
          onObservedAt={(v) => {
            setDraft((d) => ({ ...d, observedAt: v }));
            if (fieldErrors.observedAt) setFieldErrors((e) => ({ ...e, observedAt: undefined }));
          }}
          onPhoto={(f) => void onPhoto(f)}
          onRemovePhoto={onRemovePhoto}
          onSubmit={onSubmit}
          onBack={() => goTo(prevStep('details', { nearbyCount }) as Exclude<Step, 'done'>)}
          onChangePlace={() => {
            submit.reset();
            goTo('place');
          }}
        />
      ) : null}

      {step === 'done' && !result && queuedId ? (
        <QueuedConfirmation
          headingRef={headingRef}
          backend={backend}
          reference={reference}
          item={queuedItem}
          onNewReport={() => reset(backend.identity().userId)}
          // The form is refilled through onDraftReplaced (above); then focus the details step.
          onEdit={() => requestAnimationFrame(() => headingRef.current?.focus())}
        />
      ) : null}

      {step === 'done' && result ? (
        <ConfirmationStep
          headingRef={headingRef}
          reference={reference}
          result={result}
          onNewReport={() => reset(backend.identity().userId)}
        />
      ) : null}

      {step !== 'done' && draftHasContent(draft) ? (
        <div className="report-footer">
          <Button variant="ghost" className="report-btn" onClick={startOver}>
            {t('startOver')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

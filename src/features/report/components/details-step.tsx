import { useRef, type ChangeEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorMessage } from '../../../ui';
import { DESCRIPTION_MAX, PHOTO_ACCEPTED_TYPES } from '../../../domain/report-rules';
import type { ErrorCode } from '../../../domain/errors';
import { toDateTimeLocal } from '../lib/datetime';
import type { FieldErrors } from '../lib/validation';
import { FieldError } from './field-error';
import { StepSection } from './step-section';

export const DESCRIPTION_ID = 'report-description';
export const OBSERVED_ID = 'report-observed-at';
export const NOTIFY_EMAIL_ID = 'report-notify-email';
const PHOTO_ID = 'report-photo';

/** Announce the remaining characters only at these thresholds (not on every key press). */
const ANNOUNCE_AT = [200, 100, 50, 20, 0];

export function DetailsStep({
  headingRef,
  description,
  observedAt,
  photoUrl,
  photoBusy,
  photoError,
  fieldErrors,
  submitError,
  submitting,
  onDescription,
  onObservedAt,
  onPhoto,
  onRemovePhoto,
  onSubmit,
  onBack,
  onChangePlace,
  notify,
}: {
  headingRef: Ref<HTMLHeadingElement>;
  description: string;
  observedAt: string;
  photoUrl: string | null;
  photoBusy: boolean;
  photoError: ErrorCode | 'decode' | null;
  fieldErrors: FieldErrors;
  submitError: unknown;
  submitting: boolean;
  onDescription(v: string): void;
  onObservedAt(v: string): void;
  onPhoto(file: File): void;
  onRemovePhoto(): void;
  onSubmit(): void;
  onBack(): void;
  onChangePlace(): void;
  /** "Meddela mig via e-post": offered in Supabase mode; local mode says why it is not. */
  notify: {
    available: boolean;
    on: boolean;
    email: string;
    onToggle(on: boolean): void;
    onEmail(email: string): void;
  };
}) {
  const { t } = useTranslation(['report', 'errors']);
  const fileRef = useRef<HTMLInputElement>(null);
  const length = description.length;
  const over = length - DESCRIPTION_MAX;
  const remaining = DESCRIPTION_MAX - length;

  // A polite announcement that only changes when the remaining count crosses a threshold, so a screen
  // reader is not interrupted on every key press.
  const crossed = ANNOUNCE_AT.filter((a) => remaining <= a).pop() ?? null;
  const announce =
    over > 0 ? t('details.tooLongLive') : crossed !== null ? t('details.remainingAtMost', { count: crossed }) : '';

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) onPhoto(file);
    e.target.value = '';
  };

  const serverPositionError =
    submitError && typeof submitError === 'object' && 'code' in submitError
      ? ['outside_malmo', 'invalid_position'].includes(String((submitError as { code: unknown }).code))
      : false;

  const descErrId = `${DESCRIPTION_ID}-error`;
  const obsErrId = `${OBSERVED_ID}-error`;
  const photoErrId = `${PHOTO_ID}-error`;
  const notifyErrId = `${NOTIFY_EMAIL_ID}-error`;

  return (
    <StepSection step="details" title={t('details.title')} headingRef={headingRef}>
      <form
        noValidate
        className="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <div className="report-field">
          <label htmlFor={DESCRIPTION_ID} className="report-label">
            {t('details.description')}
          </label>
          <p id={`${DESCRIPTION_ID}-hint`} className="report-hint">
            {t('details.descriptionHint')}
          </p>
          <textarea
            id={DESCRIPTION_ID}
            className="report-textarea"
            rows={5}
            required
            aria-required="true"
            value={description}
            aria-invalid={fieldErrors.description ? true : undefined}
            aria-describedby={[
              `${DESCRIPTION_ID}-hint`,
              `${DESCRIPTION_ID}-counter`,
              fieldErrors.description ? descErrId : '',
            ]
              .filter(Boolean)
              .join(' ')}
            onChange={(e) => onDescription(e.target.value)}
          />
          <p id={`${DESCRIPTION_ID}-counter`} className={`report-counter${over > 0 ? ' is-over' : ''}`}>
            {over > 0
              ? t('details.counterOver', { over, max: DESCRIPTION_MAX })
              : t('details.counter', { count: length, max: DESCRIPTION_MAX })}
          </p>
          <p className="visually-hidden" aria-live="polite">
            {announce}
          </p>
          <FieldError id={descErrId} code={fieldErrors.description} />
        </div>

        <div className="report-field">
          <label htmlFor={OBSERVED_ID} className="report-label">
            {t('details.observedAt')}
          </label>
          <p id={`${OBSERVED_ID}-hint`} className="report-hint">
            {t('details.observedHint')}
          </p>
          <input
            id={OBSERVED_ID}
            type="datetime-local"
            className="report-input"
            required
            value={observedAt}
            max={toDateTimeLocal(new Date())}
            aria-invalid={fieldErrors.observedAt ? true : undefined}
            aria-describedby={[`${OBSERVED_ID}-hint`, fieldErrors.observedAt ? obsErrId : ''].filter(Boolean).join(' ')}
            onChange={(e) => onObservedAt(e.target.value)}
          />
          <FieldError id={obsErrId} code={fieldErrors.observedAt} />
        </div>

        <div className="report-field">
          <label htmlFor={PHOTO_ID} className="report-label">
            {t('details.photo')}
          </label>
          <p id={`${PHOTO_ID}-hint`} className="report-hint">
            {t('details.photoHint')}
          </p>
          <input
            ref={fileRef}
            id={PHOTO_ID}
            type="file"
            accept={`image/*,${PHOTO_ACCEPTED_TYPES.join(',')}`}
            className="report-file"
            aria-describedby={[`${PHOTO_ID}-hint`, photoError ? photoErrId : ''].filter(Boolean).join(' ')}
            aria-invalid={photoError ? true : undefined}
            onChange={onFile}
          />
          <div aria-live="polite" className="report-status">
            {photoBusy ? <p>{t('details.photoProcessing')}</p> : null}
          </div>
          {photoError ? (
            <p id={photoErrId} role="alert" className="report-field-error">
              {photoError === 'decode' ? t('details.photoDecodeFailed') : t(`errors:${photoError}`)}
            </p>
          ) : null}
          {photoUrl ? (
            <div className="report-photo-preview">
              <img src={photoUrl} alt={t('details.photoPreviewAlt')} />
              <Button className="report-btn" onClick={onRemovePhoto}>
                {t('details.removePhoto')}
              </Button>
            </div>
          ) : null}
        </div>

        {notify.available ? (
          <div className="report-field report-notify">
            <label className="report-check">
              <input
                type="checkbox"
                checked={notify.on}
                aria-describedby="report-notify-hint"
                onChange={(e) => notify.onToggle(e.target.checked)}
              />
              <span>{t('details.notify.label')}</span>
            </label>
            <p id="report-notify-hint" className="report-hint">
              {t('details.notify.hint')}
            </p>
            {notify.on ? (
              <>
                <label htmlFor={NOTIFY_EMAIL_ID} className="report-label">
                  {t('details.notify.email')}
                </label>
                <input
                  id={NOTIFY_EMAIL_ID}
                  type="email"
                  inputMode="email"
                  autoComplete="email"
                  dir="ltr"
                  className="report-input"
                  required
                  value={notify.email}
                  aria-invalid={fieldErrors.notifyEmail ? true : undefined}
                  aria-describedby={fieldErrors.notifyEmail ? notifyErrId : undefined}
                  onChange={(e) => notify.onEmail(e.target.value)}
                />
                <FieldError id={notifyErrId} code={fieldErrors.notifyEmail} />
              </>
            ) : null}
          </div>
        ) : (
          <p className="report-hint report-notify-local">{t('details.notify.local')}</p>
        )}

        <aside className="report-privacy" aria-labelledby="report-privacy-title">
          <p id="report-privacy-title" className="report-privacy-title">
            {t('details.privacyTitle')}
          </p>
          <ul>
            <li>{t('details.privacyAnonymous')}</li>
            <li>{t('details.privacyPublic')}</li>
            <li>{t('details.privacyEmergency')}</li>
          </ul>
        </aside>

        {submitError ? (
          <div className="report-submit-error">
            <ErrorMessage error={submitError} />
            {serverPositionError ? (
              <Button className="report-btn" onClick={onChangePlace}>
                {t('details.changePlace')}
              </Button>
            ) : null}
          </div>
        ) : null}
        <div aria-live="polite" className="report-status">
          {submitting ? <p>{t('details.submitting')}</p> : null}
        </div>

        <div className="report-actions">
          <Button className="report-btn" onClick={onBack}>
            {t('back')}
          </Button>
          <Button type="submit" variant="primary" className="report-btn" busy={submitting}>
            {t('details.submit')}
          </Button>
        </div>
      </form>
    </StepSection>
  );
}

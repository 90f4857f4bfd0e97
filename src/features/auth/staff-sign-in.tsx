import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Backend } from '../../backend';
import { isStaff } from '../../domain/roles';
import { Button, ErrorMessage } from '../../ui';
import { isPlausibleEmail } from './persona-order';
import { useIdentity } from '../../hooks';

/** Supabase mode: residents are anonymous by default; staff sign in with an e-mail magic link. */
export function StaffSignIn({ backend }: { backend: Backend }) {
  const { t } = useTranslation('auth');
  const id = useId();
  const queryClient = useQueryClient();
  const identity = useIdentity(backend);
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState(false);

  if (isStaff(identity.role) && backend.signOut) {
    const signOut = backend.signOut.bind(backend);
    return (
      <div className="staff-sign-in field-inline">
        <span>{t('signIn.signedInAs', { label: identity.label ?? '', role: t(`role.${identity.role}`) })}</span>
        <Button
          busy={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await signOut();
              await queryClient.invalidateQueries();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('signIn.signOut')}
        </Button>
        {error ? <ErrorMessage error={error} /> : null}
      </div>
    );
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!isPlausibleEmail(email)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    setError(null);
    try {
      await backend.signInWithEmail?.(email.trim());
      setSentTo(email.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="staff-sign-in">
      <summary>{t('signIn.open')}</summary>
      <p className="hint">{t('signIn.anonymousNote')}</p>
      {backend.signInWithEmail ? (
        <form onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${id}-title`} noValidate>
          <h2 id={`${id}-title`} className="small-heading">
            {t('signIn.title')}
          </h2>
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('signIn.email')}</label>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="email"
              inputMode="email"
              required
              value={email}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? `${id}-invalid` : undefined}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            {invalid ? (
              <p id={`${id}-invalid`} className="field-error" role="alert">
                {t('signIn.invalidEmail')}
              </p>
            ) : null}
          </div>
          <Button type="submit" variant="primary" busy={busy} disabled={busy}>
            {t('signIn.submit')}
          </Button>
          {sentTo ? <p role="status">{t('signIn.sent', { email: sentTo })}</p> : null}
          {error ? <ErrorMessage error={error} /> : null}
        </form>
      ) : null}
    </details>
  );
}

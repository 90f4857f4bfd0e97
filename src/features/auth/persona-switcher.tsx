import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Backend } from '../../backend';
import { isRole } from '../../domain/roles';
import { ErrorMessage } from '../../ui';
import { orderPersonas } from './persona-order';
import { useIdentity } from '../../hooks';

/** Local mode: a labelled <select> of demo personas; switching invalidates every query. */
export function PersonaSwitcher({ backend }: { backend: Backend }) {
  const { t } = useTranslation('auth');
  const id = useId();
  const queryClient = useQueryClient();
  useIdentity(backend); // re-render when the persona or its role changes
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [announce, setAnnounce] = useState('');
  const personas = backend.personas;
  if (!personas) return null;
  const roles = orderPersonas(personas.list());
  const onChange = async (value: string) => {
    if (!isRole(value)) return;
    setBusy(true);
    setError(null);
    try {
      await personas.switchTo(value);
      await queryClient.invalidateQueries();
      setAnnounce(t('persona.switched', { role: t(`role.${value}`) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="persona-switcher field-inline">
      <label htmlFor={`${id}-persona`}>{t('persona.label')}</label>
      <select
        id={`${id}-persona`}
        value={personas.current()}
        aria-describedby={`${id}-hint`}
        aria-busy={busy || undefined}
        disabled={busy}
        onChange={(e) => void onChange(e.currentTarget.value)}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
      <span id={`${id}-hint`} className="visually-hidden">
        {t('persona.hint')}
      </span>
      <span role="status" className="visually-hidden">
        {busy ? t('persona.switching') : announce}
      </span>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

import { useTranslation } from 'react-i18next';

/** The crew's camera field (status changes and field reports); the photo is re-encoded without EXIF on sending. */
export function PhotoField({ id, label, onChange }: { id: string; label: string; onChange(photo: File | null): void }) {
  const { t } = useTranslation('crew');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept="image/*"
        capture="environment"
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
        aria-describedby={`${id}-hint`}
      />
      <p className="hint" id={`${id}-hint`}>
        {t('status.photoHint')}
      </p>
    </div>
  );
}

import type { MultiPolygon, Polygon } from 'geojson';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { KNOWN_CRS, knownCrs, type DetectedCrs } from '../../../geo/crs';
import { svgMap } from '../lib/evidence-pack';
import { layerName, type ParsedPlanFile, type PlanReadOptions, type PlanSource } from '../lib/plan-file';
import { ENCODINGS } from '../../../geo/text-encoding';

/** A small outline drawing (before/after a repair). Decorative: the caller says in text what it shows. */
export function ShapePreview({ geometry, label }: { geometry: Polygon | MultiPolygon; label: string }) {
  const map = svgMap(geometry, null, [], 120, 90, 6);
  return (
    <figure className="plan-shape">
      <svg viewBox={`0 0 ${map.width} ${map.height}`} width={map.width} height={map.height} aria-hidden="true">
        <path d={map.development} fillRule="evenodd" fill="#009E73" fillOpacity={0.3} stroke="#1A1A1A" strokeWidth={1.5} />
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** A CRS as a planner reads it: its own name and EPSG code (names of systems are not translated). */
export function crsLabel(crs: Pick<DetectedCrs, 'code' | 'name'>, t: TFunction<'planning'>): string {
  if (crs.code === 'WKT') return crs.name ? t('crs.wkt', { name: crs.name }) : t('crs.unnamed');
  const known = knownCrs(crs.code);
  return known ? `${known.name} (${crs.code})` : crs.code;
}

/** The first attribute text with a letter outside ASCII, so the planner sees at once whether å, ä and ö came out. */
function encodingSample(parsed: ParsedPlanFile): string | null {
  for (const f of parsed.features) {
    for (const value of Object.values(f.properties)) {
      if (typeof value === 'string' && /[^\x20-\x7e]/.test(value)) return value.length > 60 ? `${value.slice(0, 60)}…` : value;
    }
  }
  return null;
}

interface ReadAsProps {
  source: PlanSource;
  options: PlanReadOptions;
  /** The file as read with these options; null when that failed (the controls stay, to fix it). */
  parsed: ParsedPlanFile | null;
  onChange(options: PlanReadOptions): void;
}

/**
 * How the file was read — layer, text encoding, coordinate system and axis order — each as detected (and how),
 * each with a control to change it. A change re-reads the file and the preview follows.
 */
export function ReadAsPanel({ source, options, parsed, onChange }: ReadAsProps) {
  const { t } = useTranslation('planning');
  const id = useId();
  const layers = source.layers.map(layerName);
  const layer = options.layer ?? parsed?.layer ?? 0;
  const encoding = parsed?.encoding ?? null;
  const hasEncoding = source.format === 'shapefile' || source.format === 'geojson';
  const encodings = encoding && !ENCODINGS.includes(encoding.name as never) ? [encoding.name, ...ENCODINGS] : [...ENCODINGS];
  const sample = parsed ? encodingSample(parsed) : null;
  const detectedCrs = parsed && parsed.crs.source !== 'user' ? parsed.crs : null;

  return (
    <fieldset className="plan-readas" data-testid="plan-read-as">
      <legend>{t('import.readAs')}</legend>
      <p className="hint">{t('import.readAsHint')}</p>

      <div className="field">
        <label htmlFor={`${id}-layer`}>{t('import.layer')}</label>
        <select
          id={`${id}-layer`}
          data-testid="plan-layer"
          value={layer}
          disabled={layers.length < 2}
          onChange={(e) => onChange({ layer: Number(e.target.value) })}
        >
          {layers.map((name, i) => (
            <option key={i} value={i}>
              {name}
            </option>
          ))}
        </select>
        {layers.length > 1 ? <p className="hint">{t('import.layerCount', { count: layers.length })}</p> : null}
      </div>

      <div className="field">
        <label htmlFor={`${id}-encoding`}>{t('import.encoding')}</label>
        {hasEncoding ? (
          <>
            <select
              id={`${id}-encoding`}
              data-testid="plan-encoding"
              value={options.encoding ?? encoding?.name ?? 'utf-8'}
              onChange={(e) => onChange({ ...options, encoding: e.target.value })}
            >
              {encodings.map((name) => (
                <option key={name} value={name}>
                  {name.toUpperCase()}
                </option>
              ))}
            </select>
            {encoding ? (
              <p className="hint" data-testid="plan-encoding-source">
                {t(`encodingSource.${encoding.source}`, { declared: encoding.declared?.toUpperCase() ?? '' })}
              </p>
            ) : null}
            {sample ? (
              <p className="hint" data-testid="plan-encoding-sample" lang="">
                {t('import.encodingSample', { sample })}
              </p>
            ) : null}
          </>
        ) : (
          <p className="hint" id={`${id}-encoding`}>
            {t('import.encodingNone')}
          </p>
        )}
      </div>

      <div className="field">
        <label htmlFor={`${id}-crs`}>{t('import.crsLabel')}</label>
        <select
          id={`${id}-crs`}
          data-testid="plan-crs"
          value={options.crs ?? ''}
          onChange={(e) => onChange({ ...options, crs: e.target.value || undefined })}
        >
          <option value="">{detectedCrs ? t('import.crsFromFile', { crs: crsLabel(detectedCrs, t) }) : t('import.crsChoose')}</option>
          {KNOWN_CRS.map((c) => (
            <option key={c.epsg} value={`EPSG:${c.epsg}`}>
              {c.name} (EPSG:{c.epsg})
            </option>
          ))}
        </select>
        {parsed ? (
          <p className="hint" data-testid="plan-crs-detected">
            {t('import.crsDetected', { crs: crsLabel(parsed.crs, t), source: t(`crsSource.${parsed.crs.source}`) })}
          </p>
        ) : null}
      </div>

      <div className="field">
        <span>{t('import.axes')}</span>
        <label className="check">
          <input
            type="checkbox"
            data-testid="plan-axes"
            checked={options.swapAxes ?? parsed?.axesSwapped ?? false}
            onChange={(e) => onChange({ ...options, swapAxes: e.target.checked })}
          />
          {t('import.axesSwap')}
        </label>
        {parsed ? (
          <p className="hint" data-testid="plan-axes-status" data-swapped={parsed.axesSwapped}>
            {parsed.axesSwapped ? t('import.axesSwapped') : t('import.axesNormal')} (
            {parsed.axesSource === 'user' ? t('import.axesUser') : t('import.axesDetected')})
          </p>
        ) : null}
      </div>

      {parsed && parsed.notes.length > 0 ? (
        <ul className="plan-notes" data-testid="plan-file-notes">
          {parsed.notes.map((note) => (
            <li key={note.code} data-note={note.code}>
              {t(`fileNotes.${note.code}`, { detail: note.detail ?? '' })}
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

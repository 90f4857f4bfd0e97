import { useMutation, useQueryClient } from '@tanstack/react-query';
import kinks from '@turf/kinks';
import type { FeatureCollection, Polygon } from 'geojson';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEVELOPMENT_PHASES, saveDevelopment, type Development, type DevelopmentPhase } from '../../../api';
import type { Backend } from '../../../backend';
import { ApiError } from '../../../domain/errors';
import type { LonLat, MapOverlay, MapViewState } from '../../../map';
import { draftLayers } from '../../../map/development-layers';
import { Button, ErrorMessage } from '../../../ui';
import { invalidateAfterWrite } from '../../../hooks';

interface Props {
  backend: Backend;
  /** The development being edited, or null for a new one. */
  development: Development | null;
  view: MapViewState | null;
  active: boolean;
  onMapClick(handler: ((p: LonLat) => void) | null): void;
  onOverlays(overlays: MapOverlay[]): void;
  onSaved(id: string): void;
  onCancel(): void;
}

type Vertex = { lon: string; lat: string };
const toVertex = (p: readonly number[]): Vertex => ({ lon: p[0]!.toFixed(6), lat: p[1]!.toFixed(6) });

/**
 * Draws or edits a development's outline: map clicks add vertices, and the vertex table is the keyboard and
 * screen-reader path to the same data (every vertex has its own lon/lat inputs). Multi-part outlines are
 * edited part by part: the editor works on the first polygon's outer ring and keeps the others as they are.
 */
export function OutlineEditor({ backend, development, view, active, onMapClick, onOverlays, onSaved, onCancel }: Props) {
  const { t } = useTranslation('planning');
  const queryClient = useQueryClient();
  const formId = useId();
  const firstRing = development?.geometry.coordinates[0]?.[0];
  const [vertices, setVertices] = useState<Vertex[]>(() => (firstRing ? firstRing.slice(0, -1).map(toVertex) : []));
  const [drawing, setDrawing] = useState(development === null);
  const [name, setName] = useState(development?.name ?? '');
  const [planId, setPlanId] = useState(development?.plan_id ?? '');
  const [phase, setPhase] = useState<DevelopmentPhase>(development?.phase ?? 'planning');
  const [completion, setCompletion] = useState(development?.expected_completion ?? '');
  const [link, setLink] = useState(development?.link ?? '');
  const [announcement, setAnnouncement] = useState('');

  const points = useMemo(
    () => vertices.map((v) => [Number(v.lon), Number(v.lat)] as [number, number]),
    [vertices],
  );
  const numeric = points.every(([lon, lat]) => Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90);
  const polygon = useMemo<Polygon | null>(
    () => (numeric && points.length >= 3 ? { type: 'Polygon', coordinates: [[...points, points[0]!]] } : null),
    [numeric, points],
  );
  const ring = polygon?.coordinates[0] ?? null;
  const crossing = useMemo(() => (polygon ? kinks(polygon).features.length > 0 : false), [polygon]);

  // Map clicks add a vertex while drawing and this tab is shown.
  useEffect(() => {
    if (!drawing || !active) {
      onMapClick(null);
      return;
    }
    onMapClick((p) => {
      setVertices((vs) => [...vs, toVertex([p.lon, p.lat])]);
      setAnnouncement(t('draw.added', { lon: p.lon.toFixed(5), lat: p.lat.toFixed(5) }));
    });
    return () => onMapClick(null);
  }, [drawing, active, onMapClick, t]);

  useEffect(() => {
    const features: FeatureCollection['features'] = [];
    if (numeric && points.length >= 2) {
      features.push({
        type: 'Feature',
        geometry: polygon ?? { type: 'LineString', coordinates: points },
        properties: { kind: 'outline', ok: !crossing },
      });
    }
    if (numeric)
      points.forEach((p, i) => features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: { kind: 'vertex', n: i + 1 } }));
    onOverlays([{ id: 'plan-draft', label: t('draw.layer'), data: { type: 'FeatureCollection', features }, layers: draftLayers('plan-draft') }]);
  }, [points, numeric, polygon, crossing, onOverlays, t]);
  useEffect(() => () => onOverlays([]), [onOverlays]);

  const save = useMutation({
    mutationFn: async () => {
      if (!polygon) throw new ApiError('invalid_outline');
      const rest = development?.geometry.coordinates.slice(1) ?? [];
      const holes = development?.geometry.coordinates[0]?.slice(1) ?? [];
      const geometry =
        rest.length > 0
          ? { type: 'MultiPolygon' as const, coordinates: [[ring!, ...holes], ...rest] }
          : { type: 'Polygon' as const, coordinates: [ring!, ...holes] };
      return saveDevelopment.call(backend, {
        id: development?.id ?? crypto.randomUUID(),
        name,
        planId: planId.trim() || null,
        phase,
        expectedCompletion: completion || null,
        link: link.trim() || null,
        geometry,
      });
    },
    onSuccess: async (saved) => {
      await invalidateAfterWrite(queryClient);
      onSaved(saved.id);
    },
  });

  const update = (i: number, key: keyof Vertex, value: string) =>
    setVertices((vs) => vs.map((v, j) => (j === i ? { ...v, [key]: value } : v)));
  const addRow = () => {
    const last = points[points.length - 1];
    const start = last && numeric ? [last[0] + 0.0005, last[1]] : view ? [(view.west + view.east) / 2, (view.south + view.north) / 2] : [13.0, 55.6];
    setVertices((vs) => [...vs, toVertex(start)]);
  };

  return (
    <form
      className="plan-editor"
      aria-labelledby={`${formId}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3 id={`${formId}-title`}>{development ? t('draw.editTitle', { name: development.name }) : t('draw.newTitle')}</h3>
      <p className="hint">{t('draw.intro')}</p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div className="plan-actions">
        {drawing ? (
          <Button onClick={() => setDrawing(false)} disabled={points.length < 3}>
            {t('draw.close')}
          </Button>
        ) : (
          <Button onClick={() => setDrawing(true)}>{t('draw.resume')}</Button>
        )}
        <Button onClick={() => setVertices((vs) => vs.slice(0, -1))} disabled={vertices.length === 0}>
          {t('draw.undo')}
        </Button>
      </div>
      <p role="status" className="note">
        {drawing ? t('draw.drawing', { count: vertices.length }) : t('draw.closed', { count: vertices.length })}
        {crossing ? ` ${t('draw.crossing')}` : ''}
      </p>

      <table className="plan-table plan-vertices">
        <caption>{t('draw.vertices')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('draw.vertex')}</th>
            <th scope="col">{t('draw.lon')}</th>
            <th scope="col">{t('draw.lat')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('draw.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {vertices.map((v, i) => (
            <tr key={i}>
              <th scope="row">{i + 1}</th>
              <td>
                <input
                  inputMode="decimal"
                  aria-label={t('draw.lonOf', { n: i + 1 })}
                  value={v.lon}
                  onChange={(e) => update(i, 'lon', e.target.value)}
                  size={11}
                />
              </td>
              <td>
                <input
                  inputMode="decimal"
                  aria-label={t('draw.latOf', { n: i + 1 })}
                  value={v.lat}
                  onChange={(e) => update(i, 'lat', e.target.value)}
                  size={11}
                />
              </td>
              <td>
                <Button
                  variant="ghost"
                  aria-label={t('draw.remove', { n: i + 1 })}
                  onClick={() => setVertices((vs) => vs.filter((_, j) => j !== i))}
                >
                  {t('draw.removeShort')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button onClick={addRow}>{t('draw.addRow')}</Button>
      {!numeric ? <p role="alert">{t('draw.badNumber')}</p> : null}

      <fieldset className="plan-fields">
        <legend>{t('draw.details')}</legend>
        <label className="field">
          <span>{t('fields.name')}</span>
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('fields.plan_id')}</span>
          <input maxLength={100} value={planId} onChange={(e) => setPlanId(e.target.value)} />
        </label>
        <div className="field">
          <label htmlFor={`${formId}-phase`}>{t('fields.phase')}</label>
          <select id={`${formId}-phase`} value={phase} onChange={(e) => setPhase(e.target.value as DevelopmentPhase)}>
            {DEVELOPMENT_PHASES.map((p) => (
              <option key={p} value={p}>
                {t(`phase.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="field">
          <span>{t('fields.expected_completion')}</span>
          <input type="date" value={completion} onChange={(e) => setCompletion(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('fields.link')}</span>
          <input type="url" value={link} placeholder="https://" onChange={(e) => setLink(e.target.value)} />
        </label>
      </fieldset>
      {save.isError ? <ErrorMessage error={save.error} /> : null}
      <div className="plan-actions">
        <Button type="submit" variant="primary" disabled={!polygon || crossing || save.isPending} busy={save.isPending}>
          {t('draw.save')}
        </Button>
        <Button onClick={onCancel}>{t('cancel')}</Button>
      </div>
    </form>
  );
}

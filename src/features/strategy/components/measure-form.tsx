import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { saveMeasure, type Measure, type ReferenceData } from '../../../api';
import type { Backend } from '../../../backend';
import type { Challenge } from '../../../domain/challenges';
import {
  CRITERIA,
  CRITERION_RATING_LABEL,
  CRITERION_RATINGS,
  MEASURE_STATUSES,
  MEASURE_TYPES,
  SCORE_MAX,
  maySaveMeasure,
  measureScore,
  type CriteriaRatings,
  type CriterionColumn,
  type CriterionRating,
  type MeasureGeometry,
  type MeasureSeed,
  type MeasureStatus,
} from '../../../domain/measures';
import type { Role } from '../../../domain/roles';
import type { LonLat } from '../../../map/overlay';
import { useGeoJsonFile, useMalmoBoundary } from '../../../hooks';
import { measureLayers } from '../../../map/measure-layers';
import { bboxOf } from '../../../map/print-basemap';
import { PrintMap } from '../../../map/print-map';
import { Button, ChallengeSelect, ErrorMessage, svOrEn, toLang } from '../../../ui';
import { DRAW_KINDS, geometryFromVertices, MIN_VERTICES, verticesOf, type DrawKind, type Vertex } from '../lib/draw';
import { validateMeasure } from '../lib/form-errors';
import { toFeatureCollection } from '../lib/geo';
import type { SetOverlay } from '../types';

export const DRAFT_OVERLAY = 'strategy-draft';

interface FormValues {
  title: string;
  description: string;
  challenge: string;
  type: string;
  department: string;
  status: MeasureStatus;
  planned_date: string;
  done_date: string;
  cost: string;
  criteria: CriteriaRatings;
}

const NO_CRITERIA: CriteriaRatings = { crit_preventive: 0, crit_research: 0, crit_vulnerable: 0, crit_quick: 0 };

function initialValues(measure: Measure | null, seed: MeasureSeed | null): FormValues {
  if (measure) {
    return {
      title: measure.title,
      description: measure.description,
      challenge: measure.challenge,
      type: measure.type,
      department: measure.department,
      status: measure.status,
      planned_date: measure.planned_date ?? '',
      done_date: measure.done_date ?? '',
      cost: measure.cost_sek == null ? '' : String(measure.cost_sek),
      criteria: {
        crit_preventive: measure.crit_preventive as CriterionRating,
        crit_research: measure.crit_research as CriterionRating,
        crit_vulnerable: measure.crit_vulnerable as CriterionRating,
        crit_quick: measure.crit_quick as CriterionRating,
      },
    };
  }
  return {
    title: seed?.title ?? '',
    description: '',
    challenge: seed?.challenge ?? '',
    type: '',
    department: '',
    status: 'proposed',
    planned_date: '',
    done_date: '',
    cost: '',
    criteria: NO_CRITERIA,
  };
}

/** "13,0012" or "13.0012" → 13.0012; '' or garbage → NaN. */
function parseDecimal(s: string): number {
  const trimmed = s.trim().replace(',', '.');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

export function MeasureForm({
  backend,
  reference,
  measure,
  seed,
  role,
  setOverlay,
  onMapClick,
  onSaved,
  onCancel,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  /** null: a new measure. */
  measure: Measure | null;
  seed: MeasureSeed | null;
  role: Role;
  setOverlay: SetOverlay;
  onMapClick(handler: ((p: LonLat) => void) | null): void;
  onSaved(measure: Measure): void;
  onCancel(): void;
}) {
  const { t, i18n } = useTranslation(['strategy', 'errors']);
  const lang = toLang(i18n.language);
  const formId = useId();
  const [measureId] = useState(() => measure?.id ?? crypto.randomUUID());
  const [values, setValues] = useState<FormValues>(() => initialValues(measure, seed));
  // The place: a point typed or picked, a line or an area drawn vertex by vertex (map clicks or typed
  // coordinates), or a shape handed over from a hotspot cell or a plan that is kept as it is (multi-part or with
  // holes) until replaced.
  const initialGeometry = (measure?.geometry as MeasureGeometry | undefined) ?? seed?.geometry ?? null;
  const initialDrawing = verticesOf(initialGeometry);
  const handedOver = !measure && seed != null && initialGeometry?.type !== 'Point';
  const [fixedShape, setFixedShape] = useState<MeasureGeometry | null>(() =>
    initialGeometry && (!initialDrawing || handedOver) ? initialGeometry : null,
  );
  const [kind, setKind] = useState<DrawKind>(() => initialDrawing?.kind ?? 'Point');
  const [vertices, setVertices] = useState<Vertex[]>(() => initialDrawing?.vertices ?? []);
  const geometry = useMemo(() => fixedShape ?? geometryFromVertices(kind, vertices), [fixedShape, kind, vertices]);
  const pointOf = (g: MeasureGeometry | null) => (g?.type === 'Point' ? g.coordinates : null);
  const [lon, setLon] = useState(() => String(pointOf(initialGeometry)?.[0] ?? ''));
  const [lat, setLat] = useState(() => String(pointOf(initialGeometry)?.[1] ?? ''));
  const [picking, setPicking] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const errorSummary = useRef<HTMLDivElement>(null);

  const currentStatus = measure?.status ?? null;
  const statusAllowed = (s: MeasureStatus) => maySaveMeasure(role, currentStatus, s);
  const limited = !MEASURE_STATUSES.every(statusAllowed);

  // The draft's place on the map, updated as it is typed or picked.
  const drawing = !fixedShape && kind !== 'Point';
  useEffect(() => {
    const shape = geometry;
    // While a line or an area is drawn, its vertices show too (a single vertex is not yet a shape).
    const shown: MeasureGeometry[] = [...(shape ? [shape] : []), ...(drawing ? vertices.map((v): MeasureGeometry => ({ type: 'Point', coordinates: v })) : [])];
    setOverlay(
      DRAFT_OVERLAY,
      shown.length > 0
        ? {
            id: DRAFT_OVERLAY,
            label: t('form.draftOverlay'),
            data: toFeatureCollection(shown, (g) => g, (g) => ({ label: g === shape ? values.title : '' })),
            layers: measureLayers(DRAFT_OVERLAY, { textFont: null }),
          }
        : null,
    );
  }, [geometry, drawing, vertices, values.title, setOverlay, t]);
  useEffect(() => () => setOverlay(DRAFT_OVERLAY, null), [setOverlay]);

  // Map picking: the map's clicks come here. A point is set by one click (picking then stops); a line or an area
  // gets one vertex per click until the user stops.
  useEffect(() => {
    if (!picking) return;
    onMapClick((p) => {
      const v: Vertex = [round6(p.lon), round6(p.lat)];
      if (kind === 'Point') {
        setVertices([v]);
        setLon(String(v[0]));
        setLat(String(v[1]));
        setPicking(false);
      } else {
        setVertices((vs) => [...vs, v]);
      }
    });
    return () => onMapClick(null);
  }, [picking, kind, onMapClick]);

  const typedVertex = (): Vertex | null => {
    const x = parseDecimal(lon);
    const y = parseDecimal(lat);
    return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
  };
  const setPointFromInputs = (nextLon: string, nextLat: string) => {
    setLon(nextLon);
    setLat(nextLat);
    if (kind !== 'Point') return; // a line's or an area's vertex is added with its button
    const x = parseDecimal(nextLon);
    const y = parseDecimal(nextLat);
    setVertices(Number.isFinite(x) && Number.isFinite(y) ? [[x, y]] : []);
  };
  const chooseKind = (next: DrawKind) => {
    setKind(next);
    setPicking(false);
    // A point carries over as the first vertex of a line or an area; a line or area shrinks to its last vertex.
    setVertices((vs) => (next === 'Point' ? vs.slice(-1) : vs));
  };

  const mutation = useMutation({
    mutationFn: (input: unknown) => saveMeasure.call(backend, { id: measureId, measure: input as never }),
    onSuccess: (saved) => onSaved(saved),
  });

  const input = useMemo(
    () => ({
      title: values.title,
      description: values.description,
      challenge: values.challenge,
      type: values.type,
      department: values.department,
      status: values.status,
      planned_date: values.planned_date || null,
      done_date: values.done_date || null,
      cost_sek: values.cost.trim() === '' ? null : parseDecimal(values.cost),
      geometry,
      ...values.criteria,
      source_kind: measure?.source_kind ?? seed?.source_kind ?? 'manual',
      source_ref: measure?.source_ref ?? seed?.source_ref ?? null,
      report_ids: measure?.report_ids ?? seed?.report_ids ?? [],
    }),
    [values, geometry, measure, seed],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = validateMeasure(input);
    const next: Record<string, string> = result.ok ? {} : { ...result.errors };
    if (!statusAllowed(values.status)) next.status ??= 'forbidden';
    setErrors(next);
    if (Object.keys(next).length > 0 || !result.ok) {
      requestAnimationFrame(() => errorSummary.current?.focus());
      return;
    }
    mutation.mutate(result.value);
  };

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const fieldError = (key: string) =>
    errors[key] ? (
      <p className="field-error" id={`${formId}-${key}-error`}>
        {t(`errors:${errors[key]}`, { defaultValue: t('errors:unexpected') })}
      </p>
    ) : null;
  const invalidProps = (key: string) =>
    errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${formId}-${key}-error` } : {};
  const source = measure?.source_kind ?? seed?.source_kind ?? 'manual';
  const fromArea = fixedShape !== null;
  const score = measureScore(values.criteria);
  const linked = input.report_ids.length;

  return (
    // Printable: a strategist prints a measure as filled in (for a meeting), with its place on a map; the controls
    // that only work on screen are left off the paper (strategy.css).
    <form className="strategy-form strategy-printable" onSubmit={submit} noValidate aria-labelledby={`${formId}-h`}>
      <h3 id={`${formId}-h`} tabIndex={-1}>
        {measure ? t('form.editTitle') : t('form.newTitle')}
      </h3>
      {seed && !measure ? (
        <p className="hint" data-testid="seed-note">
          {t('form.fromSeed', { source: t(`measures.sources.${seed.source_kind}`), ref: seed.source_ref })}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <div ref={errorSummary} tabIndex={-1} role="alert" className="error-message">
          <p>{t('form.invalid')}</p>
        </div>
      ) : null}

      <label htmlFor={`${formId}-title`}>{t('form.titleField')}</label>
      <input id={`${formId}-title`} value={values.title} maxLength={200} onChange={(e) => set('title', e.target.value)} {...invalidProps('title')} />
      {fieldError('title')}

      <label htmlFor={`${formId}-challenge`}>{t('challenge')}</label>
      <ChallengeSelect
        id={`${formId}-challenge`}
        value={values.challenge as Challenge | ''}
        onChange={(c) => set('challenge', c)}
        names={reference?.challenges}
        emptyLabel="–"
        {...invalidProps('challenge')}
      />
      {fieldError('challenge')}

      <label htmlFor={`${formId}-type`}>{t('form.type')}</label>
      <select id={`${formId}-type`} value={values.type} onChange={(e) => set('type', e.target.value)} {...invalidProps('type')}>
        <option value="">–</option>
        {MEASURE_TYPES.map((ty) => (
          <option key={ty} value={ty}>
            {t(`map:measureTypes.${ty}`)}
          </option>
        ))}
      </select>
      {fieldError('type')}

      <label htmlFor={`${formId}-description`}>{t('form.description')}</label>
      <textarea id={`${formId}-description`} rows={3} value={values.description} onChange={(e) => set('description', e.target.value)} {...invalidProps('description')} />
      {fieldError('description')}

      <label htmlFor={`${formId}-department`}>{t('form.department')}</label>
      <input id={`${formId}-department`} value={values.department} onChange={(e) => set('department', e.target.value)} {...invalidProps('department')} />
      {fieldError('department')}

      <label htmlFor={`${formId}-status`}>{t('form.status')}</label>
      <select id={`${formId}-status`} value={values.status} onChange={(e) => set('status', e.target.value as MeasureStatus)} {...invalidProps('status')}>
        {MEASURE_STATUSES.filter((s) => statusAllowed(s) || s === values.status).map((s) => (
          <option key={s} value={s}>
            {t(`measures.statuses.${s}`)}
          </option>
        ))}
      </select>
      {limited ? <p className="hint">{t('form.statusLimited', { role: t(`roles.${role}`) })}</p> : null}
      {fieldError('status')}

      <label htmlFor={`${formId}-planned`}>{t('form.plannedDate')}</label>
      <input id={`${formId}-planned`} type="date" value={values.planned_date} onChange={(e) => set('planned_date', e.target.value)} {...invalidProps('planned_date')} />
      {fieldError('planned_date')}

      <label htmlFor={`${formId}-done`}>{t('form.doneDate')}</label>
      <input id={`${formId}-done`} type="date" value={values.done_date} onChange={(e) => set('done_date', e.target.value)} {...invalidProps('done_date')} />
      {fieldError('done_date')}

      <label htmlFor={`${formId}-cost`}>{t('form.cost')}</label>
      <input id={`${formId}-cost`} inputMode="decimal" value={values.cost} onChange={(e) => set('cost', e.target.value)} {...invalidProps('cost')} />
      {fieldError('cost')}

      <fieldset className="strategy-criteria-form" {...invalidProps('criteria')}>
        <legend>{t('form.criteriaLegend')}</legend>
        <p className="hint">{t('form.criteriaHelp')}</p>
        {CRITERIA.map((c) => (
          <div key={c.key} role="radiogroup" aria-label={c.label[svOrEn(lang)]} className="strategy-criterion">
            <span aria-hidden="true">{c.label[svOrEn(lang)]}</span>
            {CRITERION_RATINGS.map((r) => (
              <label key={r}>
                <input
                  type="radio"
                  name={`${formId}-${c.column}`}
                  value={r}
                  checked={values.criteria[c.column as CriterionColumn] === r}
                  onChange={() => set('criteria', { ...values.criteria, [c.column]: r })}
                />{' '}
                {r} {CRITERION_RATING_LABEL[r][svOrEn(lang)]}
              </label>
            ))}
          </div>
        ))}
        <p role="status" data-testid="form-score">
          {t('form.scoreNow', { score, max: SCORE_MAX })}
        </p>
        {fieldError('criteria')}
      </fieldset>

      <fieldset className="strategy-place" {...invalidProps('geometry')}>
        <legend>{t('form.place')}</legend>
        {fromArea ? (
          <>
            <p>{t('form.placeFromSeed', { source: t(`measures.sources.${source}`) })}</p>
            <Button onClick={() => setFixedShape(null)}>{t('form.placeDraw')}</Button>
          </>
        ) : (
          <>
            <fieldset className="strategy-draw-kind">
              <legend>{t('form.drawKind')}</legend>
              {DRAW_KINDS.map((k) => (
                <label key={k}>
                  <input type="radio" name={`${formId}-kind`} checked={kind === k} onChange={() => chooseKind(k)} /> {t(`form.drawKinds.${k}`)}
                </label>
              ))}
            </fieldset>
            <p className="hint">{kind === 'Point' ? t('form.placeHelp') : t('form.drawHelp', { min: MIN_VERTICES[kind] })}</p>
            <label htmlFor={`${formId}-lon`}>{t('form.lon')}</label>
            <input id={`${formId}-lon`} inputMode="decimal" value={lon} onChange={(e) => setPointFromInputs(e.target.value, lat)} />
            <label htmlFor={`${formId}-lat`}>{t('form.lat')}</label>
            <input id={`${formId}-lat`} inputMode="decimal" value={lat} onChange={(e) => setPointFromInputs(lon, e.target.value)} />
            <div className="strategy-actions">
              {kind !== 'Point' ? (
                <Button
                  disabled={typedVertex() === null}
                  onClick={() => {
                    const v = typedVertex();
                    if (v) setVertices((vs) => [...vs, v]);
                  }}
                >
                  {t('form.addVertex')}
                </Button>
              ) : null}
              <Button onClick={() => setPicking((p) => !p)} aria-pressed={picking}>
                {picking ? t('form.stopPicking') : kind === 'Point' ? t('form.pickOnMap') : t('form.drawOnMap')}
              </Button>
              {kind !== 'Point' ? (
                <>
                  <Button disabled={vertices.length === 0} onClick={() => setVertices((vs) => vs.slice(0, -1))}>
                    {t('form.undoVertex')}
                  </Button>
                  <Button disabled={vertices.length === 0} onClick={() => setVertices([])}>
                    {t('form.clearVertices')}
                  </Button>
                </>
              ) : null}
            </div>
            {picking ? <p role="status">{kind === 'Point' ? t('form.picking') : t('form.drawing')}</p> : null}
            {kind !== 'Point' ? (
              <p role="status" data-testid="form-vertices">
                {t('form.vertexCount', { count: vertices.length, min: MIN_VERTICES[kind] })}
              </p>
            ) : null}
          </>
        )}
        {geometry ? <p>{t('form.placeNow', { kind: t(`form.geometryKinds.${geometry.type}`) })}</p> : null}
        {geometry ? <MeasurePrintMap geometry={geometry} label={t('form.printMapLabel', { title: values.title })} /> : null}
        {fieldError('geometry')}
      </fieldset>

      <p data-testid="form-linked">{t('form.linkedReports', { count: linked })}</p>
      {mutation.isError ? <ErrorMessage error={mutation.error} /> : null}
      <div className="strategy-actions">
        <Button type="submit" variant="primary" busy={mutation.isPending}>
          {mutation.isPending ? t('form.saving') : t('form.save')}
        </Button>
        <Button onClick={onCancel}>{t('form.cancel')}</Button>
      </div>
    </form>
  );
}

/** The measure's place on the offline basemap, on paper only (on screen the live map shows it). */
function MeasurePrintMap({ geometry, label }: { geometry: MeasureGeometry; label: string }) {
  const boundary = useMalmoBoundary();
  const districts = useGeoJsonFile('malmo_delomraden.geojson');
  const extent = useMemo(() => bboxOf(geometry), [geometry]);
  return (
    <div className="strategy-print-only strategy-print-map">
      <PrintMap content={extent} kommun={boundary.data} districts={districts.data} label={label} aspect={0.55} testId="measure-print-map">
        {(frame) => {
          if (geometry.type === 'Point') {
            const [x, y] = frame.px(geometry.coordinates[0]!, geometry.coordinates[1]!);
            return <circle cx={x} cy={y} r={7} fill="#CC79A7" stroke="#1A1A1A" strokeWidth={2} />;
          }
          return (
            <path
              d={frame.path(geometry)}
              fill={geometry.type === 'LineString' ? 'none' : '#CC79A7'}
              fillOpacity={0.35}
              stroke={geometry.type === 'LineString' ? '#CC79A7' : '#1A1A1A'}
              strokeWidth={geometry.type === 'LineString' ? 5 : 2}
              fillRule="evenodd"
            />
          );
        }}
      </PrintMap>
    </div>
  );
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

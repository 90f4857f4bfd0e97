import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { useEffect, useId, useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { importDevelopments, MAX_IMPORT_FEATURES } from '../../../api';
import type { Backend } from '../../../backend';
import { ApiError } from '../../../domain/errors';
import type { MapOverlay } from '../../../map';
import { draftLayers } from '../../../map/development-layers';
import { Button, ErrorMessage } from '../../../ui';
import { invalidateAfterWrite, type Boundary } from '../../../hooks';
import { guessMapping, isWarning, MAPPED_FIELDS, validateFeatures, type PropertyMapping } from '../lib/plan-features';
import {
  EDGE_TOLERANCE_M,
  isImportableCandidate,
  MAX_OUTLINE_KM2,
  outlineOf,
  withSanity,
  type ImportCandidate,
  type ImportProblem,
} from '../lib/outline-sanity';
import {
  readPlanSource,
  resolvePlanFile,
  PlanFileError,
  type ParsedPlanFile,
  type PlanReadOptions,
  type PlanSource,
} from '../lib/plan-file';
import { crsLabel, ReadAsPanel, ShapePreview } from './shape-preview';

interface Props {
  backend: Backend;
  boundary: Boundary | undefined;
  onOverlays(overlays: MapOverlay[]): void;
  onFitBounds(bbox: [number, number, number, number]): void;
  onDone(): void;
}

export function ImportView({ backend, boundary, onOverlays, onFitBounds, onDone }: Props) {
  const { t } = useTranslation('planning');
  const queryClient = useQueryClient();
  const inputId = useId();
  const [fileName, setFileName] = useState<string | null>(null);
  // The file read as far as its layers; the planner's choices (layer, encoding, CRS, axes) re-read it from there.
  const [source, setSource] = useState<PlanSource | null>(null);
  const [options, setOptions] = useState<PlanReadOptions>({});
  const [fileError, setFileError] = useState<PlanFileError | null>(null);
  const [reading, setReading] = useState(false);
  const [chosenMapping, setChosenMapping] = useState<{ fields: string; mapping: PropertyMapping } | null>(null);
  const [repairs, setRepairs] = useState<Record<number, boolean>>({});
  const [dragging, setDragging] = useState(false);

  const resolved = useMemo<{ parsed: ParsedPlanFile | null; error: PlanFileError | null }>(() => {
    if (!source) return { parsed: null, error: null };
    try {
      return { parsed: resolvePlanFile(source, options), error: null };
    } catch (error) {
      return { parsed: null, error: error instanceof PlanFileError ? error : new PlanFileError('invalid_file', String(error)) };
    }
  }, [source, options]);
  const parsed = resolved.parsed;
  const readError = fileError ?? resolved.error;
  // A new layer (other fields) gets a new guess; the same fields keep what the planner mapped.
  const fieldsKey = parsed ? parsed.fields.join('\u0000') : '';
  const mapping = useMemo(
    () => (parsed ? (chosenMapping?.fields === fieldsKey ? chosenMapping.mapping : guessMapping(parsed.fields)) : null),
    [parsed, chosenMapping, fieldsKey],
  );
  const setMapping = (next: PropertyMapping) => setChosenMapping({ fields: fieldsKey, mapping: next });

  const candidates = useMemo<ImportCandidate[]>(
    () => (parsed && mapping && boundary ? withSanity(validateFeatures(parsed.features, mapping, boundary), boundary) : []),
    [parsed, mapping, boundary],
  );
  const accepted = candidates.filter((c) => isImportableCandidate(c, repairs[c.index] ?? false));

  async function readFile(file: File) {
    setFileName(file.name);
    setSource(null);
    setOptions({});
    setFileError(null);
    setRepairs({});
    setChosenMapping(null);
    setReading(true);
    try {
      setSource(await readPlanSource(new Uint8Array(await file.arrayBuffer())));
    } catch (error) {
      setFileError(error instanceof PlanFileError ? error : new PlanFileError('invalid_file', String(error)));
    } finally {
      setReading(false);
    }
  }

  function choose(next: PlanReadOptions) {
    setRepairs({});
    setOptions(next);
  }

  const importMutation = useMutation({
    mutationFn: () =>
      importDevelopments.call(backend, {
        features: accepted.map((c) => ({
          name: c.name,
          planId: c.plan_id,
          phase: c.phase,
          expectedCompletion: c.expected_completion,
          link: c.link,
          geometry: outlineOf(c, repairs[c.index] ?? false)!,
        })),
      }),
    onSuccess: async () => {
      await invalidateAfterWrite(queryClient);
    },
  });

  // The preview on the map: accepted outlines solid, rejected dashed.
  useEffect(() => {
    if (candidates.length === 0) {
      onOverlays([]);
      return;
    }
    const data: FeatureCollection = {
      type: 'FeatureCollection',
      features: candidates.flatMap((c) => {
        const ok = isImportableCandidate(c, repairs[c.index] ?? false);
        const geometry = (ok ? outlineOf(c, repairs[c.index] ?? false) : null) ?? c.geometry;
        return geometry ? [{ type: 'Feature' as const, geometry, properties: { kind: 'outline', ok, name: c.name } }] : [];
      }),
    };
    onOverlays([{ id: 'plan-preview', label: t('import.previewLayer'), data, layers: draftLayers('plan-preview') }]);
  }, [candidates, repairs, onOverlays, t]);
  useEffect(() => () => onOverlays([]), [onOverlays]);

  // Fit the map to the file once, when it has been read.
  useEffect(() => {
    if (!parsed) return;
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (const f of parsed.features) {
      const g = f.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      for (const [x, y] of (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2)) {
        w = Math.min(w, x!); e = Math.max(e, x!); s = Math.min(s, y!); n = Math.max(n, y!);
      }
    }
    if (w <= e) onFitBounds([w, s, e, n]);
  }, [parsed, onFitBounds]);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void readFile(file);
  };

  const rejected = candidates.length - accepted.length;
  const warns = (p: ImportProblem) => p !== 'outline_too_large' && p !== 'beyond_malmo' && isWarning(p);
  const problemText = (p: ImportProblem, name: string, n: number) =>
    t(`problems.${p}`, { name, n, max: MAX_OUTLINE_KM2, tolerance: EDGE_TOLERANCE_M });
  // The database names the first bad feature by its 0-based index in what was sent (the accepted ones).
  const failedIndex = /feature (\d+)/.exec(importMutation.error instanceof ApiError ? (importMutation.error.detail ?? '') : '')?.[1];
  const failedFeature = failedIndex === undefined ? null : (accepted[Number(failedIndex)] ?? null);
  const tooMany = accepted.length > MAX_IMPORT_FEATURES;

  if (importMutation.isSuccess) {
    return (
      <div className="plan-import">
        <p role="status" className="note">
          {t('import.done', { count: importMutation.data.inserted })}
        </p>
        <Button variant="primary" onClick={onDone}>
          {t('import.toList')}
        </Button>
      </div>
    );
  }

  return (
    <div className="plan-import">
      <h3>{t('import.title')}</h3>
      <p className="hint">{t('import.intro')}</p>
      <div
        className={`plan-drop${dragging ? ' is-dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId} className="field">
          <span>{t('import.fileLabel')}</span>
          <input
            id={inputId}
            type="file"
            accept=".geojson,.json,.zip,.gpkg,.gml,.xml,application/geo+json,application/json,application/zip,application/geopackage+sqlite3,application/gml+xml"
            data-testid="plan-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void readFile(file);
            }}
          />
        </label>
        <p className="hint">{t('import.dropHint')}</p>
      </div>
      <div aria-live="polite">
        {reading ? <p>{t('import.reading')}</p> : null}
        {readError ? (
          <div role="alert" className="error-message" data-error-code={readError.code} data-testid="plan-file-error">
            <p>{t(`fileErrors.${readError.code}`, { file: fileName ?? '', detail: readError.detail, layer: readError.layer ?? '' })}</p>
          </div>
        ) : null}
        {parsed ? (
          <p className="note" data-testid="plan-file-summary">
            {t('import.summary', {
              file: fileName ?? '',
              count: parsed.features.length,
              format: t(`import.format.${parsed.format}`),
              crs: crsLabel(parsed.crs, t),
              source: t(`crsSource.${parsed.crs.source}`),
            })}
          </p>
        ) : null}
      </div>
      {source ? <ReadAsPanel source={source} options={options} parsed={parsed} onChange={choose} /> : null}

      {parsed && mapping ? (
        <fieldset className="plan-mapping">
          <legend>{t('import.mappingTitle')}</legend>
          <p className="hint">{t('import.mappingHint')}</p>
          {MAPPED_FIELDS.map((field) => (
            <div key={field} className="field">
              <label htmlFor={`${inputId}-${field}`}>{t(`fields.${field}`)}</label>
              <select
                id={`${inputId}-${field}`}
                value={mapping[field] ?? ''}
                onChange={(e) => setMapping({ ...mapping, [field]: e.target.value || null })}
              >
                <option value="">{t('import.noField')}</option>
                {parsed.fields.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
      ) : null}

      {candidates.length > 0 ? (
        <section aria-labelledby="plan-preview-title">
          <h4 id="plan-preview-title">{t('import.previewTitle')}</h4>
          <p role="status" data-testid="plan-preview-status">
            {t('import.previewStatus', { accepted: accepted.length, rejected })}
          </p>
          <div className="table-scroll" tabIndex={0}>
            <table className="plan-table" data-testid="plan-preview">
              <caption className="visually-hidden">{t('import.previewTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.col.number')}</th>
                  <th scope="col">{t('fields.name')}</th>
                  <th scope="col">{t('fields.phase')}</th>
                  <th scope="col">{t('fields.plan_id')}</th>
                  <th scope="col">{t('import.col.result')}</th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => {
                  const repairAccepted = repairs[c.index] ?? false;
                  const ok = isImportableCandidate(c, repairAccepted);
                  const label = c.name || t('import.unnamed', { n: c.index + 1 });
                  return (
                    <tr key={c.index} data-ok={ok}>
                      <td>{c.index + 1}</td>
                      <td>{label}</td>
                      <td>{t(`phase.${c.phase}`)}</td>
                      <td>{c.plan_id ?? '–'}</td>
                      <td>
                        <strong>{ok ? t('import.accepted') : t('import.rejected')}</strong>
                        {c.problems.length > 0 ? (
                          <ul className="plan-problems">
                            {c.problems.map((p) => (
                              <li key={p} className={warns(p) ? 'is-warning' : 'is-error'} data-problem={p}>
                                {warns(p) ? t('import.warning') : t('import.error')}:{' '}
                                {problemText(p, label, c.index + 1)}
                              </li>
                            ))}
                          </ul>
                        ) : null}
                        {c.repaired && c.geometry ? (
                          <div className="plan-repair">
                            <ShapePreview geometry={c.geometry} label={t('import.before')} />
                            <ShapePreview geometry={c.repaired} label={t('import.after', { parts: c.repaired.coordinates.length })} />
                            <label className="check">
                              <input
                                type="checkbox"
                                checked={repairAccepted}
                                onChange={(e) => setRepairs({ ...repairs, [c.index]: e.target.checked })}
                              />
                              {t('import.useRepaired', { name: label })}
                            </label>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {tooMany ? <p role="alert">{t('import.tooMany', { max: MAX_IMPORT_FEATURES })}</p> : null}
          {importMutation.isError ? <ErrorMessage error={importMutation.error} /> : null}
          {failedFeature ? (
            <p role="alert" data-testid="plan-import-failed-feature">
              {t('import.failedFeature', { name: failedFeature.name || t('import.unnamed', { n: failedFeature.index + 1 }), n: failedFeature.index + 1 })}
            </p>
          ) : null}
          <div className="plan-actions">
            <Button
              variant="primary"
              disabled={accepted.length === 0 || tooMany || importMutation.isPending}
              busy={importMutation.isPending}
              onClick={() => importMutation.mutate()}
            >
              {t('import.confirm', { count: accepted.length })}
            </Button>
            <Button onClick={onDone}>{t('cancel')}</Button>
          </div>
          <p className="hint">{t('import.allOrNothing')}</p>
        </section>
      ) : null}
      {!parsed ? (
        <div className="plan-actions">
          <Button onClick={onDone}>{t('cancel')}</Button>
        </div>
      ) : null}
    </div>
  );
}

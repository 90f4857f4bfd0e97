import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changeStatusMany, CHANGE_STATUS_MANY_MAX, workList, type ReferenceData } from '../../api';
import type { Backend } from '../../backend';
import { apiQuery, invalidateAfterWrite } from '../../hooks';
import type { MeasureSeed } from '../../domain/measures';
import { Button, ErrorMessage, formatDate, nameOf, toLang } from '../../ui';
import { ClassSwatch } from './legend';
import { cellCentre, cellPolygon } from './lib/hotspot-geojson';
import { isPatchedList, markOwn, patchWorkLists } from './lib/own-changes';
import type { Analysis } from './use-analysis';
import { useCellNames } from './use-cell-names';

/** What a crew member sees for one cell: its reports, "resolve all", and "propose a measure". */
export function CellDetail({
  backend,
  reference,
  analysis,
  cell,
  onClose,
  onOpenReport,
  onFlyTo,
  onCreateMeasure,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  analysis: Analysis;
  cell: { q: number; r: number };
  onClose(): void;
  onOpenReport(id: string): void;
  onFlyTo(target: { lon: number; lat: number; zoom?: number }): void;
  onCreateMeasure(seed: MeasureSeed): void;
}) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const uid = useId();
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { params, res } = analysis;
  const size = res.size;
  const cellKey = `${cell.q}:${cell.r}`;
  const id = `${size}:${cellKey}`;
  const cls = analysis.classOf.get(cellKey) ?? 0;
  const name = useCellNames()(cell, size);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);

  useEffect(() => headingRef.current?.focus(), [cellKey]);

  const reports = useQuery({
    ...apiQuery(backend, workList, { challenges: params.challenge ? [params.challenge] : null, limit: 5000, cellM: size }),
  });
  const inCell = (reports.data?.items ?? []).filter(
    (it) => it.q === cell.q && it.r === cell.r && (!params.category || it.category === params.category),
  );

  const resolveAll = useMutation({
    mutationFn: (ids: string[]) => {
      markOwn(ids);
      return changeStatusMany.call(backend, { reportIds: ids, toStatus: 'resolved', note: note.trim() || null });
    },
    networkMode: backend.kind === 'local' ? 'always' : 'online',
    onSuccess: (res) => {
      setConfirming(false);
      setNote('');
      patchWorkLists(queryClient, new Set(res.ids), { status: 'resolved' });
      // The crew's lists are patched; everything else showing reports is refetched.
      void invalidateAfterWrite(queryClient, { except: isPatchedList });
    },
  });

  const onResolve = (e: FormEvent) => {
    e.preventDefault();
    if (resolveAll.isPending) return;
    resolveAll.mutate(inCell.slice(0, CHANGE_STATUS_MANY_MAX).map((it) => it.id));
  };
  const resolving = Math.min(inCell.length, CHANGE_STATUS_MANY_MAX);
  // Said once by screen readers, politely: the bulk change takes seconds, and its end must be heard, not only seen.
  const resolveNews = resolveAll.isPending
    ? t('cell.resolving', { count: resolving })
    : resolveAll.isSuccess
      ? t('cell.resolved', { count: resolveAll.data.changed })
      : '';

  const centre = cellCentre(cell.q, cell.r, size);
  const categoryName = (code: string) => nameOf(reference?.categories.find((c) => c.code === code), lang, code);
  const statusName = (code: string) => nameOf(reference?.statuses.find((s) => s.code === code), lang, code);

  return (
    <section className="crew-cell" aria-labelledby={`${uid}-h`}>
      <div className="panel-header">
        <h3 id={`${uid}-h`} ref={headingRef} tabIndex={-1}>
          <ClassSwatch cls={cls} /> {t('cell.title', { cell: name, cls: t(`class.${cls}`) })}
        </h3>
        <Button variant="ghost" onClick={onClose}>
          {t('cell.close')}
        </Button>
      </div>
      <p className="hint">{t('cell.size', { size, id: cellKey })}</p>
      <div className="crew-actions">
        <Button onClick={() => onFlyTo({ ...centre, zoom: 16 })}>{t('cell.showOnMap')}</Button>
        <Button
          onClick={() =>
            onCreateMeasure({
              source_kind: 'hotspot',
              source_ref: id,
              challenge: params.challenge || null,
              geometry: cellPolygon(cell.q, cell.r, size),
              title: t('cell.measureTitle', { cell: name, cls: t(`class.${cls}`) }),
              report_ids: inCell.map((it) => it.id),
            })
          }
        >
          {t('cell.proposeMeasure')}
        </Button>
      </div>
      <ErrorMessage error={reports.error} onRetry={() => void reports.refetch()} />
      {reports.isPending ? <p>{t('list.loading')}</p> : null}
      {reports.data ? (
        <>
          <p role="status">{t('cell.openReports', { count: inCell.length })}</p>
          <ul className="entry-list">
            {inCell.map((it) => (
              <li key={it.id}>
                <button type="button" className="entry" onClick={() => onOpenReport(it.id)}>
                  <span className="entry-text">
                    <span className="entry-main">
                      {categoryName(it.category)} — {statusName(it.status)}
                    </span>
                    <span className="entry-sub">
                      {formatDate(it.observed_at, lang)}
                      {it.district_name ? ` · ${it.district_name}` : ''}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {inCell.length > 0 ? (
            confirming ? (
              <form onSubmit={onResolve} className="crew-confirm">
                <p>{t('cell.resolveConfirm', { count: Math.min(inCell.length, CHANGE_STATUS_MANY_MAX) })}</p>
                <div className="field">
                  <label htmlFor={`${uid}-note`}>{t('status.noteOptional')}</label>
                  <textarea id={`${uid}-note`} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
                  <p className="hint">{t('status.notePublic')}</p>
                </div>
                <ErrorMessage error={resolveAll.error} />
                <div className="crew-actions">
                  <Button type="submit" variant="primary" busy={resolveAll.isPending} disabled={resolveAll.isPending}>
                    {resolveAll.isPending ? t('cell.resolvingButton', { count: resolving }) : t('cell.resolveYes')}
                  </Button>
                  <Button disabled={resolveAll.isPending} onClick={() => setConfirming(false)}>
                    {t('cell.cancel')}
                  </Button>
                </div>
              </form>
            ) : (
              <Button variant="primary" onClick={() => setConfirming(true)}>
                {t('cell.resolveAll')}
              </Button>
            )
          ) : null}
          <p role="status" aria-live="polite" className="crew-status">
            {resolveNews}
          </p>
        </>
      ) : null}
    </section>
  );
}

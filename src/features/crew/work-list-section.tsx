import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assignReport, claimReport, crewColleagues, workList, type ReferenceData, type WorkItem } from '../../api';
import type { Backend } from '../../backend';
import { ApiError } from '../../domain/errors';
import type { Challenge } from '../../domain/challenges';
import type { Role } from '../../domain/roles';
import type { Status } from '../../domain/statuses';
import { noteRequired } from '../../domain/status-rules';
import { prioritise, type PriorityReason } from '../../domain/work-priority';
import { apiQuery, invalidateAfterWrite, useDistrictRows, useIdentity } from '../../hooks';
import { Button, ErrorCodeMessage, ErrorMessage, formatDate, formatNumber, localeOf, nameOf, StatusSelect, toLang } from '../../ui';
import { photoProblem, resizeToJpeg } from '../../ui/photo-encode';
import { crewOutbox, unsent } from './lib/crew-outbox';
import { crewListArgs, crewListKey, isPatchedList, markOwn, patchWorkLists } from './lib/own-changes';
import { openStatusesOf } from './lib/statuses';
import { ChallengeCategoryFields } from './challenge-category-fields';
import { OutboxActions, OutboxStateBadge } from './outbox-view';
import { useCrewOutboxItems } from './use-crew-outbox';
import type { Analysis } from './use-analysis';
import { PhotoField } from './photo-field';

const PAGE = 50;

/** Phones (the shell's bottom sheet) start with the filters folded away, so the list is the first thing seen. */
const WIDE_QUERY = '(min-width: 768px)';
const wideScreen = () => typeof matchMedia === 'function' && matchMedia(WIDE_QUERY).matches;

export function WorkListSection({
  backend,
  reference,
  ready,
  analysis,
  onOpenReport,
  onMap,
  onMapChange,
  onItems,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  analysis: Analysis | undefined;
  onOpenReport(id: string): void;
  /** The list is drawn on the map (and, on a phone, the map is shown instead of the list). */
  onMap?: boolean;
  onMapChange?(on: boolean): void;
  /** The list as shown (filtered, ranked), for the map. */
  onItems?(items: readonly WorkItem[]): void;
}) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const uid = useId();
  const districts = useDistrictRows();
  const [district, setDistrict] = useState<string>('');
  const [challenge, setChallenge] = useState<Challenge | ''>('');
  const [category, setCategory] = useState<string>('');
  const [status, setStatus] = useState<string>('open');
  const [order, setOrder] = useState<'priority' | 'newest'>('priority');
  const [filtersOpen, setFiltersOpen] = useState(wideScreen);
  // Turned to a phone (or back): fold the filters away (or show them), so the list stays first on a small screen.
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia(WIDE_QUERY);
    const follow = () => setFiltersOpen(query.matches);
    query.addEventListener?.('change', follow);
    return () => query.removeEventListener?.('change', follow);
  }, []);
  const [shown, setShown] = useState(PAGE);
  const statusNameOf = (code: string) => nameOf(reference?.statuses.find((s) => s.code === code), lang, code);
  const cellM = analysis?.res.size ?? 100;
  const openStatuses = useMemo(() => openStatusesOf(reference), [reference]);
  const statuses: Status[] = status === 'open' ? openStatuses : [status as Status];
  const listArgs = crewListArgs({
    districtCodes: district ? [Number(district)] : null,
    statuses,
    cellM,
    challenges: challenge ? [challenge] : null,
    categories: category ? [category] : null,
  });
  const query = useQuery({
    queryKey: crewListKey(listArgs),
    // The open statuses come from the reference data: without it there is no list to ask for.
    enabled: ready && statuses.length > 0,
    placeholderData: keepPreviousData,
    queryFn: () => workList.call(backend, listArgs),
  });
  // One "now" per fetched list: ages (and so the order) change when the list does, not while reading it.
  const ranked = useMemo(() => {
    if (!query.data) return [];
    const now = new Date(query.dataUpdatedAt);
    const ranked = prioritise(
      query.data.items.map((it) => ({
        ...it,
        observedAt: it.observed_at,
        hotspotClass: analysis && analysis.res.size === cellM ? (analysis.classOf.get(`${it.q}:${it.r}`) ?? 0) : null,
      })),
      now,
    );
    if (order === 'newest') ranked.sort((a, b) => Date.parse(b.item.created_at) - Date.parse(a.item.created_at));
    return ranked;
  }, [query.data, query.dataUpdatedAt, analysis, cellM, order]);

  useEffect(() => {
    onItems?.(ranked.map((r) => r.item));
  }, [ranked, onItems]);

  // Status changes not sent yet (offline outbox), by report: shown on their card.
  const outboxItems = useCrewOutboxItems(backend);
  const pendingByReport = useMemo(() => {
    const map = new Map<string, ReturnType<typeof unsent>>();
    for (const it of unsent(outboxItems)) {
      if (it.payload.kind !== 'status') continue;
      map.set(it.payload.reportId, [...(map.get(it.payload.reportId) ?? []), it]);
    }
    return map;
  }, [outboxItems]);

  const openNames = openStatuses.map((code) => statusNameOf(code).toLocaleLowerCase(lang)).join(', ');
  const activeFilters = [challenge, category, district, status === 'open' ? '' : status].filter(Boolean).length;

  const stadsdelar = useMemo(() => {
    const groups = new Map<string, { code: number; name: string }[]>();
    for (const d of districts.data ?? []) groups.set(d.stadsdel, [...(groups.get(d.stadsdel) ?? []), d]);
    return [...groups.entries()];
  }, [districts.data]);

  return (
    <section className="crew-section crew-list-section" aria-labelledby={`${uid}-h`}>
      <div className="crew-list-head">
        <h2 id={`${uid}-h`}>{t('list.title')}</h2>
        {query.data ? (
          <p role="status" className="view-total">
            {query.data.total > query.data.items.length
              ? t('list.totalLimited', { loaded: formatNumber(query.data.items.length, lang), total: formatNumber(query.data.total, lang) })
              : t('list.total', { count: query.data.total, formatted: formatNumber(query.data.total, lang) })}
          </p>
        ) : null}
      </div>
      <div className="crew-list-tools">
        <Button aria-expanded={filtersOpen} aria-controls={`${uid}-filters`} onClick={() => setFiltersOpen(!filtersOpen)}>
          {activeFilters > 0 ? t('list.filtersActive', { count: activeFilters }) : t('list.filters')}
        </Button>
        {onMapChange ? (
          <Button variant={onMap ? 'primary' : 'secondary'} aria-pressed={onMap} onClick={() => onMapChange(!onMap)}>
            {t('list.onMap')}
          </Button>
        ) : null}
      </div>
      <div id={`${uid}-filters`} className="crew-filters" hidden={!filtersOpen}>
        <ChallengeCategoryFields
          idPrefix={uid}
          reference={reference}
          challenge={challenge}
          category={category}
          onChallenge={setChallenge}
          onCategory={setCategory}
        />
        <div className="field">
          <label htmlFor={`${uid}-d`}>{t('list.district')}</label>
          <select id={`${uid}-d`} value={district} onChange={(e) => setDistrict(e.target.value)}>
            <option value="">{t('list.allDistricts')}</option>
            {stadsdelar.map(([group, list]) => (
              <optgroup key={group} label={group}>
                {list.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <StatusSelect
          label={t('list.status')}
          id={`${uid}-s`}
          value={status}
          onChange={setStatus}
          names={reference?.statuses}
          statuses={(reference?.statuses ?? []).map((s) => s.code)}
          leading={[{ value: 'open', label: t('list.openStatuses', { names: openNames }) }]}
        />
        <div className="field">
          <label htmlFor={`${uid}-o`}>{t('list.order')}</label>
          <select id={`${uid}-o`} value={order} onChange={(e) => setOrder(e.target.value as 'priority' | 'newest')}>
            <option value="priority">{t('list.orderPriority')}</option>
            <option value="newest">{t('list.orderNewest')}</option>
          </select>
        </div>
        <p className="hint crew-order-hint">{analysis ? t('list.orderWithHotspots') : t('list.orderWithoutHotspots')}</p>
      </div>
      {onMap ? <p className="hint crew-map-note">{t('list.onMapNote', { count: ranked.length, formatted: formatNumber(ranked.length, lang) })}</p> : null}
      <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending && statuses.length > 0 ? <p>{t('list.loading')}</p> : null}
      <ol className="crew-worklist">
        {ranked.slice(0, shown).map(({ item, score, reasons }, k) => (
          <WorkItemCard
            key={item.id}
            backend={backend}
            reference={reference}
            item={item}
            rank={k + 1}
            score={score}
            reasons={reasons}
            pending={pendingByReport.get(item.id)}
            onOpenReport={onOpenReport}
          />
        ))}
      </ol>
      {ranked.length > shown ? (
        <Button className="crew-list-more" onClick={() => setShown(shown + PAGE)}>
          {t('list.more', { count: Math.min(PAGE, ranked.length - shown) })}
        </Button>
      ) : null}
    </section>
  );
}

function ReasonText({ reason }: { reason: PriorityReason }) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const points = `+${formatNumber(reason.points, lang)}`;
  switch (reason.kind) {
    case 'hotspot':
      return <>{t('reason.hotspot', { cls: t(`class.${reason.cls}`), points })}</>;
    case 'supports':
      return <>{t('reason.supports', { count: reason.supports, points })}</>;
    case 'age':
      return <>{t('reason.age', { count: reason.days, points })}</>;
    case 'category':
      return <>{t('reason.category', { category: nameOf(undefined, lang, reason.category), points })}</>;
  }
}

function WorkItemCard({
  backend,
  reference,
  item,
  rank,
  score,
  reasons,
  pending,
  onOpenReport,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  item: WorkItem;
  rank: number;
  score: number;
  reasons: PriorityReason[];
  /** This report's status changes waiting in the crew outbox. */
  pending: ReturnType<typeof unsent> | undefined;
  onOpenReport(id: string): void;
}) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const uid = useId();
  const queryClient = useQueryClient();
  const identity = useIdentity(backend);
  const [editing, setEditing] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const categoryName = nameOf(reference?.categories.find((c) => c.code === item.category), lang, item.category);
  const statusNameOf = (code: string) => nameOf(reference?.statuses.find((s) => s.code === code), lang, code);
  const statusName = statusNameOf(item.status);
  const claim = useMutation({
    mutationFn: (release: boolean) => {
      markOwn([item.id]);
      return claimReport.call(backend, { reportId: item.id, release });
    },
    networkMode: backend.kind === 'local' ? 'always' : 'online',
    onSuccess: (res) =>
      patchWorkLists(queryClient, new Set([item.id]), {
        // Claiming a new or confirmed report starts the work: the database moved it to in_progress.
        status: res.status,
        assigned: res.assigned_to !== null,
        assigned_to_me: res.assigned_to !== null && res.assigned_to === identity.userId,
      }),
  });
  const open = openStatusesOf(reference).includes(item.status);
  const waiting = pending ?? [];
  return (
    <li className="crew-item" aria-labelledby={`${uid}-h`} data-report-id={item.id}>
      <h3 id={`${uid}-h`} className="crew-item-title">
        <span className="crew-rank">{rank}.</span> {categoryName}
        <span className="crew-item-status"> — {statusName}</span>
      </h3>
      <p className="entry-sub">
        {formatDate(item.observed_at, lang)}
        {item.district_name ? ` · ${item.district_name}` : ''}
        {item.source === 'crew' ? ` · ${t('list.fieldReport')}` : ''}
        {item.assigned_to_me ? ` · ${t('list.claimedByMe')}` : item.assigned ? ` · ${t('list.claimedByOther')}` : ''}
        {item.due_on ? (
          <>
            {' · '}
            <DueDate day={item.due_on} />
          </>
        ) : null}
      </p>
      <p className="user-text crew-description">{item.description}</p>
      <p className="crew-reasons">
        <span className="tag">{t('list.priority', { score: formatNumber(score, lang) })}</span>{' '}
        {reasons.length === 0 ? t('reason.none') : null}
      </p>
      {reasons.length > 0 ? (
        <ul className="crew-reason-list" aria-label={t('list.reasons')}>
          {reasons.map((r) => (
            <li key={r.kind}>
              {r.kind === 'category' ? (
                t('reason.category', { category: categoryName, points: `+${formatNumber(r.points, lang)}` })
              ) : (
                <ReasonText reason={r} />
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="crew-actions">
        <Button onClick={() => onOpenReport(item.id)} aria-label={t('list.openNamed', { category: categoryName, rank })}>
          {t('list.open')}
        </Button>
        {open && item.assigned_to_me ? (
          <Button busy={claim.isPending} onClick={() => claim.mutate(true)}>
            {t('list.release')}
          </Button>
        ) : open && (!item.assigned || identity.role === 'admin') ? (
          <Button busy={claim.isPending} onClick={() => claim.mutate(false)}>
            {t('list.claim')}
          </Button>
        ) : null}
        {open && waiting.length === 0 ? (
          <Button aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {t('status.change')}
          </Button>
        ) : null}
        {open && (!item.assigned || item.assigned_to_me || identity.role === 'admin') ? (
          <Button aria-expanded={assigning} onClick={() => setAssigning(!assigning)}>
            {t('assign.open')}
          </Button>
        ) : null}
      </div>
      {assigning ? <AssignForm backend={backend} item={item} myId={identity.userId} onDone={() => setAssigning(false)} /> : null}
      <ErrorMessage error={claim.error} />
      {waiting.map((it) =>
        it.payload.kind === 'status' ? (
          <div key={it.id} className="crew-outbox-item" data-outbox-id={it.id}>
            <p>
              <OutboxStateBadge item={it} />{' '}
              {t('status.pendingTo', { status: statusNameOf(it.payload.toStatus) })}
            </p>
            {it.state === 'failed' ? <ErrorCodeMessage code={it.error} /> : null}
            <OutboxActions backend={backend} item={it} />
          </div>
        ) : null,
      )}
      {editing && waiting.length === 0 ? (
        <StatusForm
          backend={backend}
          reference={reference}
          item={item}
          role={identity.role}
          userId={identity.userId}
          onQueued={() => setEditing(false)}
        />
      ) : null}
    </li>
  );
}

function StatusForm({
  backend,
  reference,
  item,
  role,
  userId,
  onQueued,
}: {
  backend: Backend;
  reference: ReferenceData | undefined;
  item: WorkItem;
  role: Role;
  userId: string | null;
  onQueued(): void;
}) {
  const { t } = useTranslation('crew');
  const uid = useId();
  const targets = (reference?.transitions ?? [])
    .filter((tr) => tr.from === item.status && (tr.roles as string[]).includes(role) && tr.to !== 'duplicate')
    .map((tr) => tr.to);
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [clientError, setClientError] = useState<ApiError | null>(null);
  // The change goes through the crew outbox: re-encoded photo and all are stored first (works offline), then
  // sent at once when online; the card shows it as waiting until it is sent (use-crew-outbox patches the list).
  const change = useMutation({
    networkMode: 'always',
    mutationFn: async () => {
      if (!userId) throw new ApiError('not_signed_in');
      let blob: Blob | null = null;
      if (photo) {
        ({ blob } = await resizeToJpeg(photo).catch(() => {
          throw new ApiError('photo_type');
        }));
      }
      const outbox = crewOutbox(backend);
      const id = crypto.randomUUID();
      await outbox.add({
        id,
        owner: userId,
        payload: { kind: 'status', reportId: item.id, toStatus: to, note: note.trim() || null, category: item.category, fromStatus: item.status },
        blob,
      });
      onQueued();
      await outbox.flush({ force: true });
    },
  });
  // The database's rule (app.statuses.note_required), the same as in the report detail.
  const required = noteRequired(reference?.statuses ?? [], to, false);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setClientError(null);
    if (!to) return setClientError(new ApiError('status_required'));
    if (required && !note.trim()) return setClientError(new ApiError('note_required'));
    if (photo) {
      const problem = photoProblem(photo);
      if (problem) return setClientError(new ApiError(problem));
    }
    change.mutate();
  };
  return (
    <form className="status-change" onSubmit={onSubmit} noValidate aria-labelledby={`${uid}-h`}>
      <h4 id={`${uid}-h`}>{t('status.title')}</h4>
      <StatusSelect
        label={t('status.to')}
        id={`${uid}-to`}
        value={to}
        onChange={setTo}
        names={reference?.statuses}
        statuses={targets}
        leading={[{ value: '', label: t('status.choose') }]}
      />
      <div className="field">
        <label htmlFor={`${uid}-note`}>{required ? t('status.noteRequired') : t('status.noteOptional')}</label>
        <textarea
          id={`${uid}-note`}
          rows={3}
          maxLength={2000}
          value={note}
          aria-required={required || undefined}
          onChange={(e) => setNote(e.target.value)}
        />
        <p className="hint">{t('status.notePublic')}</p>
      </div>
      <PhotoField id={`${uid}-photo`} label={t('status.photo')} onChange={setPhoto} />
      <ErrorMessage error={clientError ?? change.error} />
      <Button type="submit" variant="primary" busy={change.isPending}>
        {t('status.submit')}
      </Button>
    </form>
  );
}

/** "Klart senast 12 dec" — and "försenad" once the day has passed (a word, not only a colour). */
function DueDate({ day }: { day: string }) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  const shown = new Date(`${day}T12:00:00`).toLocaleDateString(localeOf(lang), { day: 'numeric', month: 'short' });
  return day < today ? <strong className="crew-overdue">{t('assign.overdue', { day: shown })}</strong> : <>{t('assign.due', { day: shown })}</>;
}

/** "Tilldela": a colleague (crew or admin) and, if wanted, the day it should be done by. */
function AssignForm({
  backend,
  item,
  myId,
  onDone,
}: {
  backend: Backend;
  item: WorkItem;
  myId: string | null;
  onDone(): void;
}) {
  const { t } = useTranslation('crew');
  const uid = useId();
  const queryClient = useQueryClient();
  const colleagues = useQuery(apiQuery(backend, crewColleagues, {}));
  const [assignee, setAssignee] = useState(item.assignee ?? '');
  const [due, setDue] = useState(item.due_on ?? '');
  const [clientError, setClientError] = useState<ApiError | null>(null);
  // The database accepts today … a year ahead (Malmö's calendar); fixed when the form opens.
  const [{ today, yearAhead }] = useState(() => {
    const day = (ms: number) => new Date(ms).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
    return { today: day(Date.now()), yearAhead: day(Date.now() + 364 * 86_400_000) };
  });
  const assign = useMutation({
    mutationFn: () => {
      markOwn([item.id]);
      return assignReport.call(backend, { reportId: item.id, assignee, dueOn: due || null });
    },
    networkMode: backend.kind === 'local' ? 'always' : 'online',
    onSuccess: (res) => {
      patchWorkLists(queryClient, new Set([item.id]), {
        assigned: true,
        assigned_to_me: res.assigned_to === myId,
        assignee: res.assigned_to,
        due_on: res.due_on,
      });
      void invalidateAfterWrite(queryClient, { except: isPatchedList });
      onDone();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setClientError(null);
    if (!assignee) return setClientError(new ApiError('invalid_assignee'));
    if (due && (due < today || due > yearAhead)) return setClientError(new ApiError('invalid_date'));
    assign.mutate();
  };
  return (
    <form className="status-change" onSubmit={onSubmit} noValidate aria-labelledby={`${uid}-h`}>
      <h4 id={`${uid}-h`}>{t('assign.title')}</h4>
      <div className="field">
        <label htmlFor={`${uid}-who`}>{t('assign.who')}</label>
        <select id={`${uid}-who`} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">{t('assign.choose')}</option>
          {(colleagues.data?.items ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.me ? t('assign.me', { email: c.email ?? '' }) : (c.email ?? t('assign.noEmail', { id: c.id.slice(0, 8) }))}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-due`}>{t('assign.dueLabel')}</label>
        <input id={`${uid}-due`} type="date" min={today} max={yearAhead} value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <ErrorMessage error={clientError ?? colleagues.error ?? assign.error} />
      <Button type="submit" variant="primary" busy={assign.isPending} disabled={assign.isPending}>
        {t('assign.submit')}
      </Button>
    </form>
  );
}

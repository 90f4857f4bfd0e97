import { useQuery } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyReport } from '../../../api';
import type { Backend } from '../../../backend/backend';
import { useIdentity } from '../../../hooks';
import { nameOf } from '../../../ui';
import { myReportsOptions } from '../api/my-reports';
import { nextSeen, readSeen, subscribeSeen, unseenChanges, writeSeen, type SeenStatuses } from '../lib/seen-statuses';
import { SHIPPED_REFERENCE, type ReportReference } from '../lib/shipped-reference';
import { useLang } from '../components/use-lang';
import { announcer } from './announcer';
import { useMyReportsLive } from './use-my-reports-live';

const NONE: SeenStatuses = Object.freeze({});

export interface MyReportChanges {
  /** How many of the user's reports have a status they have not seen yet. */
  unseen: number;
  /** The last polite announcement ("Din rapport ”Trasig belysning” är nu Åtgärdad"), '' before any. */
  announcement: string;
}

export interface MyReportChangesOptions {
  /** The backend has started (no query, no subscription before). */
  ready: boolean;
  /** Mina rapporter is shown: every status in it counts as seen. */
  viewing: boolean;
  /** The report open in the detail panel, if any: its status counts as seen. */
  openReportId?: string | null;
  reference?: ReportReference | undefined;
}

/**
 * The resident's own reports, followed: which have a status they have not seen (for the badge on the tab) and a
 * polite announcement each time one changes, while the app is open or since their last visit. What was seen is
 * kept in this browser per user (lib/seen-statuses.ts).
 */
export function useMyReportChanges(
  backend: Backend,
  { ready, viewing, openReportId = null, reference = SHIPPED_REFERENCE }: MyReportChangesOptions,
): MyReportChanges {
  const { t } = useTranslation('report');
  const lang = useLang();
  const { userId } = useIdentity(backend);
  const enabled = ready && userId !== null;
  const q = useQuery({ ...myReportsOptions(backend, userId), enabled });
  const reports = enabled ? q.data : undefined;
  useMyReportsLive(backend, enabled, reports?.map((r) => r.id) ?? []);

  const seen = useSyncExternalStore(subscribeSeen, () => (userId ? readSeen(userId) : NONE), () => NONE);
  const changed = reports ? unseenChanges(reports, seen) : [];

  // Announce each change once per page (a reload announces what is still unseen once more).
  const announced = useRef(new Set<string>());
  const changedKey = changed.map((r) => `${userId}:${r.id}:${r.status}`).join(',');
  const describe = useEffectEvent((fresh: MyReport[]) => {
    const first = fresh[0]!;
    return fresh.length === 1
      ? t('follow.changed', {
          category: nameOf(reference.categories.find((c) => c.code === first.category), lang, first.category),
          status: nameOf(reference.statuses.find((s) => s.code === first.status), lang, first.status),
        })
      : t('follow.changedMany', { count: fresh.length });
  });
  const changedNow = useEffectEvent(() => changed);
  useEffect(() => {
    const fresh = changedNow().filter((r) => !announced.current.has(`${userId}:${r.id}:${r.status}`));
    if (fresh.length === 0) return;
    fresh.forEach((r) => announced.current.add(`${userId}:${r.id}:${r.status}`));
    announcer.say(describe(fresh));
  }, [changedKey, userId]);
  // Another user in this browser (a persona switch, sign-out) must not find the previous one's news in the region.
  useEffect(() => () => announcer.say(''), [userId]);
  const announcement = useSyncExternalStore(announcer.subscribe, announcer.message, announcer.message);

  // After the announcement (effects run in order): baseline new reports, mark what is shown as seen.
  useEffect(() => {
    if (!userId || !reports) return;
    const before = readSeen(userId);
    const after = nextSeen(before, reports, (id) => viewing || id === openReportId);
    if (after !== before) writeSeen(userId, after);
  }, [userId, reports, viewing, openReportId]);

  return { unseen: viewing ? 0 : changed.filter((r) => r.id !== openReportId).length, announcement };
}

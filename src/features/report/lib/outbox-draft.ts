import type { ReportInput } from '../../../domain/report-rules';
import { toDateTimeLocal } from './datetime';
import type { NotifyRequest } from './notify';
import type { Draft } from './draft';

/**
 * An unsent report back into an editable draft (on the details step). The id is kept — nothing was
 * stored under it — unless the server said it is taken (`id_conflict`), then `newId` is used.
 */
export function draftFromOutbox(
  item: { id: string; owner: string | null; payload: ReportInput & NotifyRequest; blob: Blob | null; error: string | null },
  newId: () => string,
): Draft {
  const p = item.payload;
  return {
    v: 1,
    step: 'details',
    id: item.error === 'id_conflict' ? newId() : item.id,
    userId: item.owner,
    pin: { lon: p.lon, lat: p.lat },
    category: p.category,
    description: p.description,
    observedAt: toDateTimeLocal(new Date(p.observedAt)),
    hasPhoto: item.blob !== null,
    notify: Boolean(p.notifyEmail),
    notifyEmail: p.notifyEmail ?? '',
  };
}

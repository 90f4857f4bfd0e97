import type { ReferenceData } from '../../../api';
import type { Status } from '../../../domain/statuses';

/**
 * The open statuses (work to do) as the reference data defines them (`app.statuses.group = 'open'`), in their
 * sort order: a status added or regrouped in the database changes the crew's lists without a release.
 */
export function openStatusesOf(reference: ReferenceData | undefined): Status[] {
  return [...(reference?.statuses ?? [])]
    .filter((s) => s.group === 'open')
    .sort((a, b) => a.sort - b.sort)
    .map((s) => s.code as Status);
}

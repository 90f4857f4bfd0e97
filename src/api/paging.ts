import { z } from 'zod';
import { ApiError } from '../domain/errors';

/** The bounds every paged list in the API shares (api.list_measures, api.list_developments, api.public_measures). */
export const PAGE_MAX_LIMIT = 500;
export const PAGE_DEFAULT_LIMIT = 100;

export const pageArgsSchema = z.object({
  limit: z
    .number()
    .int({ message: 'invalid_limit' })
    .min(1, { message: 'invalid_limit' })
    .max(PAGE_MAX_LIMIT, { message: 'invalid_limit' })
    .default(PAGE_DEFAULT_LIMIT),
  offset: z.number().int({ message: 'invalid_limit' }).min(0, { message: 'invalid_limit' }).default(0),
});

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Every item of a paged list, fetched page by page (largest pages) until `total` is reached. Stops at
 * `maxItems` (a runaway guard: the lists are small; a committee print needs them all, not a first page) and when a
 * page comes back empty (rows deleted meanwhile). The result's `total` is the server's last count.
 */
export async function fetchAllPages<T>(
  fetchPage: (page: { limit: number; offset: number }) => Promise<Page<T>>,
  maxItems = 20_000,
): Promise<Page<T>> {
  const items: T[] = [];
  let total = 0;
  for (;;) {
    const page = await fetchPage({ limit: PAGE_MAX_LIMIT, offset: items.length });
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= total) break;
    if (items.length >= maxItems) throw new ApiError('unexpected', `more than ${maxItems} items`);
  }
  return { items, total };
}

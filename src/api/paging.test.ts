import { describe, expect, it } from 'vitest';
import { fetchAllPages, PAGE_MAX_LIMIT } from './paging';

/** A server list of n items that answers pages like the SQL functions (limit/offset, total). */
function server(n: number) {
  const all = Array.from({ length: n }, (_, i) => i);
  const asked: { limit: number; offset: number }[] = [];
  const fetchPage = async (page: { limit: number; offset: number }) => {
    asked.push(page);
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length };
  };
  return { fetchPage, asked };
}

describe('fetchAllPages', () => {
  it('fetches every page of the largest size until the total is reached', async () => {
    const s = server(1234);
    const result = await fetchAllPages(s.fetchPage);
    expect(result.total).toBe(1234);
    expect(result.items).toEqual(Array.from({ length: 1234 }, (_, i) => i));
    expect(s.asked).toEqual([0, 500, 1000].map((offset) => ({ limit: PAGE_MAX_LIMIT, offset })));
  });

  it('one call for an empty or a small list', async () => {
    for (const n of [0, 3, 500]) {
      const s = server(n);
      expect((await fetchAllPages(s.fetchPage)).items).toHaveLength(n);
      expect(s.asked).toHaveLength(1);
    }
  });

  it('stops at an empty page (rows deleted meanwhile) and refuses to run away past maxItems', async () => {
    let calls = 0;
    const shrinking = async () => ({ items: calls++ === 0 ? [1, 2] : [], total: 10 });
    expect((await fetchAllPages(shrinking)).items).toEqual([1, 2]);
    const endless = async (page: { limit: number; offset: number }) => ({
      items: Array.from({ length: page.limit }, (_, i) => page.offset + i), total: Number.MAX_SAFE_INTEGER,
    });
    await expect(fetchAllPages(endless, 1000)).rejects.toMatchObject({ code: 'unexpected' });
  });
});

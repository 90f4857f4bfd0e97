import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { listCategories, myReports, reportDetail, reportsInView, workList } from '../api';
import { apiKey, forgetUserQueries, invalidateAfterWrite, queryKey } from './query-keys';

function clientWith(keys: readonly (readonly unknown[])[]) {
  const qc = new QueryClient();
  for (const key of keys) qc.setQueryData(key, 'data');
  const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated ?? false;
  return { qc, stale };
}

const reportsKey = apiKey(reportsInView, { view: { z: 12 }, filter: {} });
const mineKey = apiKey(myReports, { user: 'u1' });
const detailKey = apiKey(reportDetail, { id: 'x' });
const categoriesKey = apiKey(listCategories, {}, 'reference');
const photoKey = queryKey('photos', 'photo_url', { path: 'a/b.jpg' });
const sampleKey = apiKey(workList, { limit: 2000 }, 'analysis');

describe('query keys', () => {
  it('are [kind, API function name, args]', () => {
    expect(apiKey(reportDetail, { id: 'x' })).toEqual(['reports', 'report_detail', { id: 'x' }]);
    expect(categoriesKey).toEqual(['reference', 'list_categories', {}]);
  });

  it('a write invalidates everything but reference data and photo URLs (analyses only marked stale)', async () => {
    const { qc, stale } = clientWith([reportsKey, mineKey, detailKey, categoriesKey, photoKey, sampleKey]);
    await invalidateAfterWrite(qc);
    expect(stale(reportsKey)).toBe(true);
    expect(stale(mineKey)).toBe(true);
    expect(stale(detailKey)).toBe(true);
    expect(stale(sampleKey)).toBe(true);
    expect(stale(categoriesKey)).toBe(false);
    expect(stale(photoKey)).toBe(false);
  });

  it('a writer that patched a query in the cache keeps it', async () => {
    const { qc, stale } = clientWith([reportsKey, detailKey]);
    await invalidateAfterWrite(qc, { except: (key) => key[1] === 'report_detail' });
    expect(stale(reportsKey)).toBe(true);
    expect(stale(detailKey)).toBe(false);
  });

  it('"delete my data" forgets everything but the reference data', async () => {
    const { qc } = clientWith([mineKey, photoKey, categoriesKey]);
    await forgetUserQueries(qc);
    expect(qc.getQueryData(mineKey)).toBeUndefined();
    expect(qc.getQueryData(photoKey)).toBeUndefined();
    expect(qc.getQueryData(categoriesKey)).toBe('data');
  });
});

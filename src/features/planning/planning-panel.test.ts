import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import sv from './locales/sv.json';
import { parsePlanRoute } from './planning-panel';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('planning panel', () => {
  it('has the same translation keys in Swedish and English, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(sv).sort());
    for (const k of keys(sv)) expect(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], sv)).not.toBe('');
  });

  it('reads its routes', () => {
    const id = '3f1c2b9a-7d7e-4c1e-9a55-0a8e2f4b6c01';
    expect(parsePlanRoute('')).toEqual({ kind: 'list' });
    expect(parsePlanRoute('import')).toEqual({ kind: 'import' });
    expect(parsePlanRoute('new')).toEqual({ kind: 'new' });
    expect(parsePlanRoute(id)).toEqual({ kind: 'development', id, mode: 'view' });
    expect(parsePlanRoute(`${id}/print`)).toEqual({ kind: 'development', id, mode: 'print' });
    expect(parsePlanRoute(`${id}/edit`)).toEqual({ kind: 'development', id, mode: 'edit' });
    expect(parsePlanRoute('../../etc')).toEqual({ kind: 'list' });
  });
});

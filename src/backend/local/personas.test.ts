import { describe, expect, it } from 'vitest';
import { allPersonas, RESIDENT_ID_KEY, residentIdFrom } from './personas';

function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('personas', () => {
  it('keeps the resident id once made', () => {
    const s = memoryStorage();
    const id = residentIdFrom(s, () => '11111111-2222-4333-8444-555555555555');
    expect(s.m.get(RESIDENT_ID_KEY)).toBe(id);
    expect(residentIdFrom(s, () => 'other')).toBe(id);
  });
  it('works without storage', () => {
    expect(residentIdFrom(null, () => 'x')).toBe('x');
  });
  it('lists resident first, staff with fixed ids, anon without id', () => {
    const p = allPersonas('r');
    expect(p.map((x) => x.role)).toEqual(['resident', 'crew', 'planner', 'strategist', 'moderator', 'admin', 'anon']);
    expect(p.at(-1)?.userId).toBeNull();
    expect(new Set(p.map((x) => x.userId)).size).toBe(7);
  });
});

import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../domain/errors';
import { initialLang } from './i18n';
import { dirOf, LANGUAGES } from './languages';
import { buildResources, NAMESPACES, resources } from './resources';

const here = dirname(fileURLToPath(import.meta.url));
const read = (p: string) => JSON.parse(readFileSync(join(here, p), 'utf8')) as Record<string, unknown>;

/** Flattened keys, with i18next plural suffixes folded (key_one/key_other/key_zero → key). */
function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? keys(v as Record<string, unknown>, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}
function leaves(obj: Record<string, unknown>): string[] {
  return Object.values(obj).flatMap((v) =>
    v && typeof v === 'object' ? leaves(v as Record<string, unknown>) : [String(v)],
  );
}

const moduleDir = (ns: string) => (ns === 'map' ? '../map/locales' : `../features/${ns}/locales`);
/** Every namespace's two files: the app's own, then one folder per feature and the map. */
const OWN: Record<string, { sv: string; en: string }> = Object.fromEntries(
  NAMESPACES.map((ns) =>
    ns === 'common' || ns === 'errors'
      ? [ns, { sv: `locales/sv/${ns}.json`, en: `locales/en/${ns}.json` }]
      : [ns, { sv: `${moduleDir(ns)}/sv.json`, en: `${moduleDir(ns)}/en.json` }],
  ),
);

describe('translations', () => {
  for (const [ns, files] of Object.entries(OWN)) {
    it(`${ns}: sv and en have the same keys and no empty strings`, () => {
      const sv = read(files.sv);
      const en = read(files.en);
      expect(keys(en).sort()).toEqual(keys(sv).sort());
      for (const text of [...leaves(sv), ...leaves(en)]) expect(text.trim()).not.toBe('');
    });
  }

  it('errors covers every ERROR_CODES entry in both languages, and nothing else', () => {
    for (const lang of ['sv', 'en'] as const) {
      const errors = read(OWN.errors![lang]);
      expect(Object.keys(errors).sort()).toEqual([...ERROR_CODES].sort());
    }
  });

  it('keeps the stable accessible names in Swedish', () => {
    const common = read(OWN.common!.sv) as { tabs: Record<string, string>; language: Record<string, string> };
    expect(common.tabs).toMatchObject({ browse: 'Utforska', report: 'Rapportera', mine: 'Mina rapporter' });
    expect(common.language.label).toBe('Språk');
    const browse = read(OWN.browse!.sv) as { detail: { support: string } };
    expect(browse.detail.support).toBe('Jag upplever också detta');
    const errors = read(OWN.errors!.sv);
    expect(errors.outside_malmo).toBe(
      'Platsen ligger utanför Malmö kommun. Flytta markören innanför kommungränsen.',
    );
  });

  it('bundles every namespace that exists on disk', () => {
    expect(resources.sv.common).toBeDefined();
    expect(resources.en.errors).toBeDefined();
    expect(resources.sv.browse).toBeDefined();
    expect(resources.en.auth).toBeDefined();
    for (const ns of NAMESPACES) {
      expect(existsSync(join(here, OWN[ns]!.sv)), `${ns} sv`).toBe(true);
      expect(resources.sv[ns], ns).toBeDefined();
      expect(resources.en[ns], ns).toBeDefined();
    }
  });

  it('maps glob paths to namespaces', () => {
    const r = buildResources(
      { './locales/sv/common.json': { a: 1 }, './locales/en/unknown.json': { b: 1 } },
      { '../features/report/locales/en.json': { c: 1 }, '../map/locales/sv.json': { d: 1 } },
    );
    expect(r.sv.common).toEqual({ a: 1 });
    expect(r.en.report).toEqual({ c: 1 });
    expect(r.sv.map).toEqual({ d: 1 });
    expect(Object.keys(r.en)).toEqual(['report']);
  });

  it('defaults to Swedish and keeps a stored language the app has', () => {
    expect(initialLang(null)).toBe('sv');
    expect(initialLang('en')).toBe('en');
    expect(initialLang('ar')).toBe('ar');
    expect(initialLang('de')).toBe('sv');
  });

  it('knows each language by its own name and its direction', () => {
    expect(LANGUAGES.map((l) => l.code)).toEqual(['sv', 'en', 'ar']);
    expect(dirOf('ar')).toBe('rtl');
    expect(dirOf('sv')).toBe('ltr');
    expect(dirOf('xx')).toBe('ltr');
  });
});

/**
 * Arabic covers the resident's screens: those namespaces have exactly Swedish's keys (a key added in Swedish must
 * be translated too — machine-drafted until a native speaker reviews it); the staff areas fall back to Swedish.
 */
const RESIDENT_NAMESPACES = ['common', 'errors', 'report', 'browse', 'auth', 'map'] as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;
const ARABIC_PLURALS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const arFile = (ns: string) => (ns === 'common' || ns === 'errors' ? `locales/ar/${ns}.json` : `${moduleDir(ns)}/ar.json`);

describe('Arabic', () => {
  for (const ns of RESIDENT_NAMESPACES) {
    it(`${ns}: ar has the same keys as sv and no empty strings`, () => {
      const ar = read(arFile(ns));
      // Arabic has six plural forms (key_zero … key_other) where Swedish has two: compare the keys without them.
      const folded = (obj: Record<string, unknown>) => [...new Set(keys(obj).map((k) => k.replace(PLURAL, '')))].sort();
      expect(folded(ar)).toEqual(folded(read(OWN[ns]!.sv)));
      for (const key of keys(ar).filter((k) => k.endsWith('_other'))) {
        for (const form of ARABIC_PLURALS) expect(keys(ar), `${ns}:${key} ${form}`).toContain(key.replace(PLURAL, `_${form}`));
      }
      for (const text of leaves(ar)) expect(text.trim()).not.toBe('');
    });
  }

  it('keeps every interpolation of the Swedish text', () => {
    const vars = (text: string) => [...text.matchAll(/{{\s*(\w+)/g)].map((m) => m[1]).sort();
    const flat = (obj: Record<string, unknown>, prefix = ''): [string, string][] =>
      Object.entries(obj).flatMap(([k, v]) =>
        v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)] as [string, string]],
      );
    for (const ns of RESIDENT_NAMESPACES) {
      const sv = new Map(flat(read(OWN[ns]!.sv)));
      for (const [key, text] of flat(read(arFile(ns)))) {
        const svText = sv.get(key) ?? sv.get(key.replace(PLURAL, '_other')) ?? '';
        // A plural form may leave a number out ("no reports", "one report"), but never name one Swedish lacks.
        if (PLURAL.test(key)) for (const v of vars(text)) expect(vars(svText), `${ns}:${key}`).toContain(v);
        else expect(vars(text), `${ns}:${key}`).toEqual(vars(svText));
      }
    }
  });

  it('isolates every variable (U+2066 … U+2069, left-to-right), so Swedish numbers ("4 836"), dates and names keep their order in Arabic text', () => {
    const bare = /(?<!\u2066){{\s*\w+\s*}}|{{\s*\w+\s*}}(?!\u2069)/;
    for (const ns of RESIDENT_NAMESPACES) {
      for (const text of leaves(read(arFile(ns)))) expect(text, ns).not.toMatch(bare);
    }
  });

  it('bundles the resident namespaces and leaves the staff ones to the Swedish fallback', () => {
    for (const ns of RESIDENT_NAMESPACES) expect(resources.ar[ns], ns).toBeDefined();
    for (const ns of ['crew', 'planning', 'strategy', 'moderation'] as const) expect(resources.ar[ns], ns).toBeUndefined();
  });
});

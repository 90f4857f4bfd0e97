/**
 * All translation resources, collected at build time. Each namespace lives next to the code that uses it:
 * common + errors here (src/app/locales/<lang>/<ns>.json), and one file per language for the feature
 * and map namespaces (src/<path>/locales/<lang>.json). A namespace whose files do not exist yet is
 * simply absent (keys then fall back to Swedish, then to the key itself) — the build does not break. A language
 * may translate only some namespaces (Arabic: the resident's screens); the rest fall back to Swedish.
 */
import { LANGS, type AppLang } from './languages';

export { LANGS, type AppLang };

type Json = Record<string, unknown>;

const appFiles = import.meta.glob<Json>('./locales/*/*.json', { eager: true, import: 'default' });
const moduleFiles = import.meta.glob<Json>(
  [
    '../features/browse/locales/*.json',
    '../features/report/locales/*.json',
    '../features/auth/locales/*.json',
    '../features/crew/locales/*.json',
    '../features/planning/locales/*.json',
    '../features/strategy/locales/*.json',
    '../features/moderation/locales/*.json',
    '../map/locales/*.json',
  ],
  { eager: true, import: 'default' },
);

export const NAMESPACES = ['common', 'errors', 'browse', 'report', 'auth', 'map', 'crew', 'planning', 'strategy', 'moderation'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** Builds `{ sv: { common: {...}, ... }, en: {...}, ar: {...} }` from the globbed files. Pure: exported for tests. */
export function buildResources(
  app: Record<string, Json>,
  modules: Record<string, Json>,
): Record<AppLang, Partial<Record<Namespace, Json>>> {
  const out = Object.fromEntries(LANGS.map((lang) => [lang, {}])) as Record<AppLang, Partial<Record<Namespace, Json>>>;
  const isLang = (code: string | undefined): code is AppLang => (LANGS as readonly string[]).includes(code ?? '');
  for (const [path, data] of Object.entries(app)) {
    const m = /locales\/([a-z]{2,3})\/([\w-]+)\.json$/.exec(path);
    if (!m || !isLang(m[1])) continue;
    const ns = m[2] as Namespace;
    if ((NAMESPACES as readonly string[]).includes(ns)) out[m[1] as AppLang][ns] = data;
  }
  for (const [path, data] of Object.entries(modules)) {
    const m = /(?:features\/([\w-]+)|(map))\/locales\/([a-z]{2,3})\.json$/.exec(path);
    if (!m || !isLang(m[3])) continue;
    const ns = (m[1] ?? m[2]) as Namespace;
    if ((NAMESPACES as readonly string[]).includes(ns)) out[m[3] as AppLang][ns] = data;
  }
  return out;
}

export const resources = buildResources(appFiles, moduleFiles);

/**
 * The one list of the app's languages: code (BCP 47, also <html lang>), writing direction, and the name a speaker
 * of that language knows it by. Adding a language is one line here plus its locale files (see i18n.test.ts for
 * which namespaces it must translate); the switcher, <html dir> and the resource loader follow this list.
 *
 * Next, in Malmö's order of most spoken languages: Bosnian-Croatian-Serbian ('sh', ltr, "Bosanski / Hrvatski /
 * Srpski"), Persian ('fa', rtl, "فارسی"), Somali ('so', ltr, "Soomaali"), Polish ('pl', ltr, "Polski").
 */
export const LANGUAGES = [
  { code: 'sv', dir: 'ltr', name: 'Svenska' },
  { code: 'en', dir: 'ltr', name: 'English' },
  { code: 'ar', dir: 'rtl', name: 'العربية' },
] as const satisfies ReadonlyArray<{ code: string; dir: 'ltr' | 'rtl'; name: string }>;

export type AppLang = (typeof LANGUAGES)[number]['code'];
export const LANGS: readonly AppLang[] = LANGUAGES.map((l) => l.code);
/** Swedish is the default and the fallback for every key a translation lacks (the staff areas are Swedish/English only). */
export const DEFAULT_LANG: AppLang = 'sv';

export function isAppLang(value: string | null | undefined): value is AppLang {
  return (LANGS as readonly string[]).includes(value ?? '');
}

/** 'rtl' for right-to-left languages; 'ltr' for the others and for unknown codes. */
export function dirOf(lang: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === lang)?.dir ?? 'ltr';
}

/** Formatting helpers for dates, relative times, numbers and reference names, in the app's languages. */

export type Lang = 'sv' | 'en' | 'ar';

export function toLang(value: string | undefined | null): Lang {
  const code = value?.toLowerCase() ?? '';
  if (code.startsWith('en')) return 'en';
  if (code.startsWith('ar')) return 'ar';
  return 'sv';
}

// Arabic with Western digits: house numbers, dates and report numbers in Malmö are written with them.
const LOCALE: Record<Lang, string> = { sv: 'sv-SE', en: 'en-GB', ar: 'ar-u-nu-latn' };

export function localeOf(lang: Lang): string {
  return LOCALE[lang];
}

/** For texts kept in Swedish and English only (domain labels, staff screens): other languages read the Swedish. */
export function svOrEn(lang: Lang): 'sv' | 'en' {
  return lang === 'en' ? 'en' : 'sv';
}

function toDate(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "1 december 2026" / "1 December 2026". Empty string for an invalid date. */
export function formatDate(value: string | Date, lang: Lang, timeZone = 'Europe/Stockholm'): string {
  const d = toDate(value);
  if (!d) return '';
  return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(d);
}

/** "1 december 2026 14:05" / "1 December 2026, 14:05" in Malmö time. */
export function formatDateTime(value: string | Date, lang: Lang, timeZone = 'Europe/Stockholm'): string {
  const d = toDate(value);
  if (!d) return '';
  return new Intl.DateTimeFormat(LOCALE[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(d);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "för 3 dagar sedan" / "3 days ago"; "nyss"/"just now" under a minute. */
export function formatRelative(value: string | Date, lang: Lang, now: Date = new Date()): string {
  const d = toDate(value);
  if (!d) return '';
  const diff = d.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(LOCALE[lang], { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  if (lang === 'sv') return 'nyss';
  if (lang === 'en') return 'just now';
  return rtf.format(0, 'second');
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang]).format(n);
}

/** A reference row's names: Swedish and English always, Arabic where it has one (categories, challenges, statuses). */
export interface ReferenceNames {
  name_sv: string;
  name_en: string;
  name_ar?: string | null;
}

/**
 * The name of a reference row in the reader's language; the code (or `fallback`) when the row is missing. Arabic
 * falls back to the Swedish name (the one on Malmö's own signs) where the row has no Arabic name: a challenge or
 * area a strategist has not named in Arabic, or data from before the Arabic names.
 */
export function nameOf(row: ReferenceNames | undefined, lang: Lang, fallback = ''): string {
  if (!row) return fallback;
  if (lang === 'en') return row.name_en || row.name_sv;
  if (lang === 'ar' && row.name_ar) return row.name_ar;
  return row.name_sv || row.name_en;
}

/**
 * A challenge's description in the reader's language, and the language it is in: Arabic falls back to the Swedish
 * one where there is no Arabic description (the caller marks it `lang="sv"` for a screen reader's voice).
 */
export function descriptionOf(
  row: { description_sv: string; description_en: string; description_ar?: string | null },
  lang: Lang,
): { text: string; lang: Lang } {
  if (lang === 'en') return { text: row.description_en || row.description_sv, lang: 'en' };
  if (lang === 'ar' && row.description_ar) return { text: row.description_ar, lang: 'ar' };
  return { text: row.description_sv || row.description_en, lang: 'sv' };
}


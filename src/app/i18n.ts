import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGS, NAMESPACES, resources, type AppLang } from './resources';

export const LANG_STORAGE_KEY = 'trygghetskartan.lang';

/** The stored language if valid, else Swedish (the default, also for English-speaking browsers). */
export function initialLang(stored: string | null | undefined): AppLang {
  return (LANGS as readonly string[]).includes(stored ?? '') ? (stored as AppLang) : 'sv';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function otherLang(lang: string): AppLang {
  return lang === 'en' ? 'sv' : 'en';
}

/** Initialises i18next once; keeps <html lang>, the document title and localStorage in sync. */
export function setupI18n() {
  if (i18next.isInitialized) return i18next;
  const lng = initialLang(readStored());
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'sv',
    supportedLngs: [...LANGS],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes; user text is never HTML
    initAsync: false,
    returnNull: false,
    react: { useSuspense: false },
  });
  const apply = (lang: string) => {
    if (typeof document !== 'undefined') {
      document.documentElement.lang = lang;
      document.title = i18next.t('common:documentTitle');
    }
    try {
      globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      /* private mode: the choice just isn't remembered */
    }
  };
  apply(lng);
  i18next.on('languageChanged', apply);
  return i18next;
}

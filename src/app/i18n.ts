import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANG, dirOf, isAppLang, LANGS, type AppLang } from './languages';
import { NAMESPACES, resources } from './resources';

export const LANG_STORAGE_KEY = 'trygghetskartan.lang';

/** The stored language if valid, else Swedish (the default, also for English-speaking browsers). */
export function initialLang(stored: string | null | undefined): AppLang {
  return isAppLang(stored) ? stored : DEFAULT_LANG;
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Initialises i18next once; keeps <html lang> and <html dir>, the document title and localStorage in sync. */
export function setupI18n() {
  if (i18next.isInitialized) return i18next;
  const lng = initialLang(readStored());
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    // A key a language lacks (Arabic translates only the resident's screens) is shown in Swedish.
    fallbackLng: DEFAULT_LANG,
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
      document.documentElement.dir = dirOf(lang);
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

import i18next from 'i18next';
import en from './locales/en.json';
import sv from './locales/sv.json';

/**
 * The admin area's texts (namespace `admin`), added when the area's chunk loads: residents never download them.
 * src/app/resources.ts does not list this namespace (that file belongs to the shell); if it ever does, this only
 * re-adds the same bundle.
 */
export function registerAdminTranslations(): void {
  if (!i18next.hasResourceBundle('sv', 'admin')) i18next.addResourceBundle('sv', 'admin', sv, true, true);
  if (!i18next.hasResourceBundle('en', 'admin')) i18next.addResourceBundle('en', 'admin', en, true, true);
}

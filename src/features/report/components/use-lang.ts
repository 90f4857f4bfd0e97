import { useTranslation } from 'react-i18next';
import { toLang, type Lang } from '../../../ui';

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return toLang(i18n.resolvedLanguage ?? i18n.language);
}

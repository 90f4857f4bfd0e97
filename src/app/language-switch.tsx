import { useTranslation } from 'react-i18next';
import { Button } from '../ui';
import { otherLang } from './i18n';

/** One button naming the other language in that language ("English" / "Svenska"). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  const next = otherLang(i18n.language);
  return (
    <Button
      variant="ghost"
      lang={next}
      className="lang-switch"
      title={t('language.switchHint')}
      onClick={() => void i18n.changeLanguage(next)}
    >
      {t('language.switch')}
    </Button>
  );
}

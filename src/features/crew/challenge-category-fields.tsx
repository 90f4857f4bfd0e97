import { useTranslation } from 'react-i18next';
import type { ReferenceData } from '../../api';
import type { Challenge } from '../../domain/challenges';
import { ChallengeSelect, nameOf, toLang } from '../../ui';

/**
 * The crew's challenge and category filter pair (work list and hotspots): the categories offered follow the
 * challenge, and choosing another challenge clears the category.
 */
export function ChallengeCategoryFields(props: {
  idPrefix: string;
  reference: ReferenceData | undefined;
  challenge: Challenge | '';
  category: string;
  onChallenge(challenge: Challenge | ''): void;
  onCategory(category: string): void;
}) {
  const { idPrefix, reference, challenge, category, onChallenge, onCategory } = props;
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const categories = (reference?.categories ?? []).filter((c) => !challenge || c.challenge === challenge);
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-ch`}>{t('form.challenge')}</label>
        <ChallengeSelect
          id={`${idPrefix}-ch`}
          value={challenge}
          onChange={(c) => {
            onChallenge(c);
            onCategory('');
          }}
          names={reference?.challenges}
          emptyLabel={t('form.allChallenges')}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-cat`}>{t('form.category')}</label>
        <select id={`${idPrefix}-cat`} value={category} onChange={(e) => onCategory(e.target.value)}>
          <option value="">{t('form.allCategories')}</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {nameOf(c, lang, c.code)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferenceData } from '../../../api';
import type { Challenge } from '../../../domain/challenges';
import { ChallengeSelect } from '../../../ui';

/** The filter row of the dashboard and the register: the challenge (or all), then the view's own filters. */
export function ChallengeFilters(props: {
  reference: ReferenceData | undefined;
  challenge: Challenge | '';
  onChallenge(challenge: Challenge | ''): void;
  children: ReactNode;
}) {
  const { t } = useTranslation('strategy');
  return (
    <fieldset className="strategy-filters">
      <legend>{t('dashboard.filters')}</legend>
      <ChallengeSelect
        label={t('challenge')}
        value={props.challenge}
        onChange={props.onChallenge}
        names={props.reference?.challenges}
        emptyLabel={t('allChallenges')}
      />
      {props.children}
    </fieldset>
  );
}

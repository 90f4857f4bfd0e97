import { useTranslation } from 'react-i18next';
import type { ReferenceData, StrategyPeriodDetail } from '../../../api';
import { nameOf, toLang } from '../../../ui';
import { CRITERIA_KEYS, criteriaSum } from '../lib/period-draft';

/**
 * The challenge map of one period, read-only: per thematic area its challenges, whether each is prioritised (in
 * words, not only by its look), the four criteria's scores (or "not scored"), the reasoning and, for a prioritised
 * challenge, the categories it covers. A list, so it reads the same on a phone, a screen reader and paper.
 */
export function ChallengeMap({ detail, reference }: { detail: StrategyPeriodDetail; reference: ReferenceData | undefined }) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const areas = [...detail.areas].sort((a, b) => a.sort - b.sort);
  const challenges = [...detail.challenges].sort((a, b) => a.sort - b.sort);
  const groups = [
    ...areas.map((a) => ({ key: a.code, name: nameOf(a, lang, a.code), items: challenges.filter((c) => c.area === a.code) })),
    { key: '', name: t('period.unplaced'), items: challenges.filter((c) => c.area === null || !areas.some((a) => a.code === c.area)) },
  ].filter((g) => g.items.length > 0);
  // A challenge's heading sits one level below its area's, or takes the area's level when there are none.
  const Heading = areas.length > 0 ? 'h5' : 'h4';
  const categoryName = (code: string) => nameOf(reference?.categories.find((c) => c.code === code), lang, code);
  return (
    <div className="strategy-challenge-map" data-testid="challenge-map">
      {groups.map((g) => (
        <section key={g.key} aria-label={areas.length > 0 ? g.name : undefined}>
          {/* Without thematic areas the list needs no heading of its own. */}
          {areas.length > 0 ? <h4>{g.name}</h4> : null}
          <ul className="strategy-challenge-list">
            {g.items.map((c) => {
              const cats = detail.categories.filter((x) => x.challenge === c.code).map((x) => categoryName(x.category));
              const { sum, scored } = criteriaSum(c);
              return (
                <li key={c.code} data-challenge={c.code} className={c.prioritised ? 'is-prioritised' : undefined}>
                  <Heading className="strategy-challenge-name">
                    {nameOf(c, lang, c.code)}{' '}
                    <span className="strategy-badge">{c.prioritised ? t('period.prioritised') : t('period.notPrioritised')}</span>
                  </Heading>
                  <dl className="strategy-criteria">
                    {CRITERIA_KEYS.map((k) => (
                      <div key={k}>
                        <dt>{t(`period.criteria.${k}`)}</dt>
                        <dd>{c[k] === null ? t('period.notScored') : c[k]}</dd>
                      </div>
                    ))}
                    <div>
                      <dt>{t('period.sum')}</dt>
                      <dd>{scored === 0 ? t('period.notScored') : t('period.sumOf', { sum, scored, max: scored * 3 })}</dd>
                    </div>
                  </dl>
                  <p>
                    <strong>{t('period.reasoning')}:</strong> {c.reasoning.trim() || t('period.noReasoning')}
                  </p>
                  {c.prioritised ? (
                    <p>
                      <strong>{t('period.categories')}:</strong> {cats.length > 0 ? cats.join(', ') : t('period.noCategories')}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}

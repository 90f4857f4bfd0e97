import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { referenceWithFifthChallenge } from '../test/reference';
import { renderWithProviders } from '../test/render';
import { ChallengeSelect } from './fields';

const options = () => [...(screen.getByRole('combobox') as HTMLSelectElement).options].map((o) => [o.value, o.textContent]);

describe('the challenge field lists the reference data\'s challenges', () => {
  it('offers a fifth challenge by its name, in sort order', () => {
    const { challenges } = referenceWithFifthChallenge();
    renderWithProviders(<ChallengeSelect value="" onChange={() => {}} names={[...challenges].reverse()} emptyLabel="Alla" />);
    expect(options().map(([v]) => v)).toEqual(['', 'renhallning', 'planering', 'trafik', 'befintlig_stad', 'belysning']);
    expect(options().at(-1)).toEqual(['belysning', 'Belysning och mörka platser']);
  });

  it('keeps an older challenge that the period does not list chosen, shown by its code', () => {
    renderWithProviders(<ChallengeSelect value="en_aldre_utmaning" onChange={() => {}} names={referenceWithFifthChallenge().challenges} />);
    expect((screen.getByRole('combobox') as HTMLSelectElement).value).toBe('en_aldre_utmaning');
    expect(options().at(-1)).toEqual(['en_aldre_utmaning', 'en_aldre_utmaning']);
  });
});

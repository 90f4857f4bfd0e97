import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReferenceData } from '../../api';
import { freshBrowserState } from '../../test/browser-state';
import { CREW_ID, recordingBackend } from '../../test/recording-backend';
import { REFERENCE, referenceWithFifthChallenge } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { FieldReport } from './field-report';

function setup(reference: ReferenceData) {
  const rb = recordingBackend({ identity: { userId: CREW_ID, role: 'crew' } });
  return renderWithProviders(<FieldReport backend={rb.backend} reference={reference} view={null} onOpenReport={() => {}} />);
}

/** The category buttons offered at once, and those behind "Fler kategorier" (null when there is no such list). */
function offered() {
  const what = screen.getByRole('group', { name: 'Vad?' });
  const more = what.querySelector('details');
  const names = (root: Element) => within(root as HTMLElement).queryAllByRole('button').map((b) => b.textContent);
  const first = [...what.querySelectorAll(':scope > .crew-cats')].flatMap(names);
  return { first, more: more ? names(more) : null };
}

describe('field report: the crew\'s own categories first, by crew_focus in the reference data', () => {
  beforeEach(() => freshBrowserState());
  afterEach(() => freshBrowserState());

  it('today\'s period: the flagged challenge\'s categories first, the others behind "more"', () => {
    setup(REFERENCE);
    const { first, more } = offered();
    expect(first).toEqual(['Nedskräpning', 'Full papperskorg', 'Dumpat avfall', 'Klotter', 'Krossat glas', 'Sprutor']);
    expect(more).toContain('Mörk plats');
  });

  it('a fifth challenge flagged crew_focus: its categories are the ones offered first', () => {
    setup(referenceWithFifthChallenge({ crewFocus: true }));
    const { first, more } = offered();
    expect(first).toEqual(['Trasig belysning', 'Mörk plats']);
    expect(more).toContain('Nedskräpning');
    expect(more).not.toContain('Mörk plats');
  });

  it('no challenge flagged: every category at once, no "more"', () => {
    setup({ ...REFERENCE, challenges: REFERENCE.challenges.map((c) => ({ ...c, crew_focus: false })) });
    const { first, more } = offered();
    expect(first).toHaveLength(REFERENCE.categories.length);
    expect(more).toBeNull();
  });
});

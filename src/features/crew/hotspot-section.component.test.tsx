import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ReferenceData } from '../../api';
import { CREW_ID, recordingBackend } from '../../test/recording-backend';
import { REFERENCE, referenceWithFifthChallenge } from '../../test/reference';
import { renderWithProviders } from '../../test/render';
import { HotspotSection } from './hotspot-section';
import type { HotspotParams } from './use-analysis';

const EMPTY_LIST = { total: 0, items: [] };

function setup(reference: ReferenceData | undefined) {
  const rb = recordingBackend({ identity: { userId: CREW_ID, role: 'crew' }, answers: { work_list: { value: EMPTY_LIST } } });
  const onCompute = vi.fn<(p: HotspotParams) => void>();
  const props = {
    backend: rb.backend,
    ready: true,
    visible: true,
    analysis: { error: null, isFetching: false, isPending: false },
    canCompute: true,
    onCompute,
    onSelectCell: () => {},
    densityOn: false,
    onDensityChange: () => {},
    emergingOn: false,
    onEmergingChange: () => {},
    densityNote: null,
  };
  const r = renderWithProviders(<HotspotSection {...props} reference={reference} />);
  const rerender = (next: ReferenceData) => r.rerender(<HotspotSection {...props} reference={next} />);
  return { ...r, rb, onCompute, rerender };
}

const challengeField = () => screen.getByLabelText('Utmaning') as HTMLSelectElement;

describe('hot spots: the crew\'s default challenge comes from the reference data (crew_focus)', () => {
  it('today\'s period: the challenge flagged crew_focus is chosen and its sample fetched', async () => {
    const { user, rb, onCompute } = setup(REFERENCE);
    expect(challengeField().value).toBe('renhallning');
    await waitFor(() => expect(rb.callsTo('work_list').at(-1)?.args).toMatchObject({ p_challenges: ['renhallning'] }));
    await user.click(screen.getByRole('button', { name: 'Beräkna hot spots' }));
    expect(onCompute.mock.calls.at(-1)?.[0].challenge).toBe('renhallning');
  });

  it('a fifth challenge flagged crew_focus is the default: listed by name, chosen, sampled and computed', async () => {
    const { user, rb, onCompute } = setup(referenceWithFifthChallenge({ crewFocus: true }));
    const field = challengeField();
    expect(field.value).toBe('belysning');
    expect([...field.options].map((o) => o.textContent)).toContain('Belysning och mörka platser');
    expect([...(screen.getByLabelText('Kategori') as HTMLSelectElement).options].map((o) => o.value)).toEqual([
      '',
      'broken_lighting',
      'dark_place',
    ]);
    await waitFor(() => expect(rb.callsTo('work_list').at(-1)?.args).toMatchObject({ p_challenges: ['belysning'] }));
    expect(rb.callsTo('work_list').some((c) => JSON.stringify(c.args.p_challenges) === '["renhallning"]')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Beräkna hot spots' }));
    expect(onCompute.mock.calls.at(-1)?.[0].challenge).toBe('belysning');
  });

  it('no challenge flagged: all challenges', async () => {
    const none = { ...REFERENCE, challenges: REFERENCE.challenges.map((c) => ({ ...c, crew_focus: false })) };
    const { rb } = setup(none);
    expect(challengeField().value).toBe('');
    await waitFor(() => expect(rb.callsTo('work_list').at(-1)?.args).toMatchObject({ p_challenges: null }));
  });

  it('fetches no sample before the reference data says which challenge is the default, then the right one', async () => {
    const { rb, rerender } = setup(undefined);
    expect(challengeField().value).toBe('');
    expect(rb.callsTo('work_list')).toHaveLength(0);
    rerender(referenceWithFifthChallenge({ crewFocus: true }));
    await waitFor(() => expect(rb.callsTo('work_list')).toHaveLength(1));
    expect(rb.callsTo('work_list')[0]!.args).toMatchObject({ p_challenges: ['belysning'] });
  });
});

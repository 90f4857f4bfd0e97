import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { listCategories, type ChallengeInfo, type ReferenceData } from '../api';
import type { Backend } from '../backend';
import { challengeCodes } from '../domain/challenges';
import { SHIPPED_REFERENCE } from '../features/report';
import { apiQuery } from '../hooks';
import type { MapController } from '../map';

/**
 * How long reference data counts as fresh. It changes when a strategy period comes into force: published in
 * another session, or a published period's first day arriving while this tab stays open.
 */
export const REFERENCE_STALE_MS = 15 * 60_000;

/**
 * Challenges, categories and statuses: loaded once the database is ready, kept for the session, and read again
 * when the user comes back to the tab after REFERENCE_STALE_MS (unchanged data re-renders nothing: React Query
 * keeps the same object).
 */
export function useReferenceData(backend: Backend, ready: boolean) {
  return useQuery({
    ...apiQuery(backend, listCategories, {}, { kind: 'reference' }),
    enabled: ready,
    staleTime: REFERENCE_STALE_MS,
    refetchOnWindowFocus: true,
    gcTime: Infinity,
  });
}

/**
 * The challenges of the period in force: their names, and their order, by which a report's colour and shape on the
 * map and in every legend swatch go. Until the database answers, those of the reference data shipped with the build
 * (so the first view's reports are coloured and named at once); the map controller is told of every change of order.
 */
export function useChallenges(map: MapController, reference: ReferenceData | undefined): readonly ChallengeInfo[] {
  const challenges = reference?.challenges ?? SHIPPED_REFERENCE.challenges;
  const key = challengeCodes(challenges).join(',');
  const order = useMemo(() => (key ? key.split(',') : []), [key]);
  useEffect(() => map.setChallenges(order), [map, order]);
  return challenges;
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Backend, StartProgress } from '../backend';

export type StartState =
  | { phase: 'starting'; progress: StartProgress | null }
  | { phase: 'ready' }
  | { phase: 'failed'; error: unknown };

/** Runs backend.start(onProgress) once (again on retry); the UI renders meanwhile. */
export function useBackendStart(backend: Backend): [StartState, () => void] {
  const [state, setState] = useState<StartState>({ phase: 'starting', progress: null });
  const [attempt, setAttempt] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    const run = ++current.current;
    let alive = true;
    backend
      .start((progress) => {
        if (alive && run === current.current) setState({ phase: 'starting', progress });
      })
      .then(
        () => {
          if (alive && run === current.current) setState({ phase: 'ready' });
        },
        (error: unknown) => {
          if (alive && run === current.current) setState({ phase: 'failed', error });
        },
      );
    return () => {
      alive = false;
    };
  }, [backend, attempt]);
  useEffect(() => {
    // For tests and benchmarks: whether the data layer is usable yet.
    document.documentElement.dataset.backend = state.phase;
  }, [state.phase]);
  const retry = useCallback(() => {
    setState({ phase: 'starting', progress: null });
    setAttempt((a) => a + 1);
  }, []);
  return [state, retry];
}

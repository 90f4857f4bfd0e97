// Component tests (vitest project "component"): happy-dom, Testing Library, IndexedDB in memory.
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

import { z } from 'zod';

/**
 * Imported first by app.tsx, before any schema is built: Zod's JIT probes `new Function('')` when a
 * schema is constructed, which the Content-Security-Policy (no 'unsafe-eval', see vite.config.ts) blocks
 * and reports as a violation. Jitless parsing needs no eval and is fast enough for our payloads.
 */
z.config({ jitless: true });

// The security suite (tests/db/security-suite.ts) on PGlite.
import { securitySuite } from './security-suite';

securitySuite('pglite');

// The security suite (tests/db/security-suite.ts) on PostgreSQL 15.
import { securitySuite } from './security-suite';

securitySuite('postgres');

import type { Lang } from '../../../ui';

/**
 * "Meddela mig via e-post": what a report sent with the opt-in carries besides the report itself (the outbox keeps
 * it with the item until the server has both). Only in Supabase mode: local mode has no mail server.
 */
export interface NotifyRequest {
  /** The address, validated; absent or null: no e-mail (the default, reporting stays anonymous). */
  notifyEmail?: string | null;
  /** The language of the e-mail: the one the resident used. */
  notifyLang?: Lang;
}

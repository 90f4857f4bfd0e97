import type { z } from 'zod';
import type { Backend } from '../backend/backend';
import { ApiError, toApiError } from '../domain/errors';

/**
 * A typed contract for one SQL function in schema `api`: Zod validates the arguments before the call
 * and the result after it, so a drift between the migration and the client fails loudly.
 */
export function defineApiFunction<Args extends z.ZodType, Result extends z.ZodType>(
  name: string,
  args: Args,
  result: Result,
  toSql: (args: z.output<Args>) => Record<string, unknown>,
) {
  const call = async (backend: Backend, input: z.input<Args>): Promise<z.output<Result>> => {
    const parsedArgs = args.safeParse(input);
    if (!parsedArgs.success) throw firstIssueAsError(parsedArgs.error);
    let raw: unknown;
    try {
      raw = await backend.rpc(name, toSql(parsedArgs.data));
    } catch (error) {
      throw toApiError(error);
    }
    const parsed = result.safeParse(raw);
    if (!parsed.success) throw new ApiError('unexpected', `${name}: ${parsed.error.message}`);
    return parsed.data;
  };
  return { name, args, result, call };
}

function firstIssueAsError(error: z.ZodError): ApiError {
  return toApiError({ message: error.issues[0]?.message ?? 'unexpected' });
}

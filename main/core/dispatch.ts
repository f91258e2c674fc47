import type { z } from 'zod';
import {
  isOperationName,
  isSubscriptionName,
  operations,
  subscriptions,
  type OperationHandlers,
  type SubscriptionSources,
} from '../../common/contract/index.js';
import { AppError, toApiError, type ApiError, type Reply } from '../../common/errors.js';

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`);
}

function parseInput(schema: z.ZodType, input: unknown): unknown {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new AppError('INVALID_INPUT', 'The request is not valid.', describeIssues(parsed.error));
  return parsed.data;
}

/**
 * The one door into the core for every transport: checks the operation exists, validates
 * its input against the contract, runs it, and turns any failure into an error reply.
 */
export async function invokeOperation(
  handlers: OperationHandlers,
  name: unknown,
  input: unknown,
): Promise<Reply<unknown>> {
  try {
    if (!isOperationName(name))
      throw new AppError(
        'UNKNOWN_OPERATION',
        `There is no operation named ${JSON.stringify(String(name)).slice(0, 120)}.`,
      );
    const validInput = parseInput(operations[name].input, input);
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(validInput) };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

/**
 * Opens a live subscription after the same checks as `invokeOperation`. Returns the
 * function that closes it; on bad input it reports the error once and returns a no-op.
 */
export function openSubscription(
  sources: SubscriptionSources,
  name: unknown,
  input: unknown,
  emit: (value: unknown) => void,
  fail: (error: ApiError) => void,
): () => void {
  try {
    if (!isSubscriptionName(name))
      throw new AppError(
        'UNKNOWN_OPERATION',
        `There is no subscription named ${JSON.stringify(String(name)).slice(0, 120)}.`,
      );
    const validInput = parseInput(subscriptions[name].input, input);
    const source = sources[name] as (input: unknown, emit: (value: unknown) => void) => () => void;
    return source(validInput, emit);
  } catch (error) {
    fail(toApiError(error));
    return () => undefined;
  }
}

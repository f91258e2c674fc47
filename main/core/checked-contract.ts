import type { z } from 'zod';
import {
  operations,
  subscriptions,
  type OperationHandlers,
  type OperationName,
  type SubscriptionName,
  type SubscriptionSources,
} from '../../common/contract/index.js';
import { AppError } from '../../common/errors.js';
import type { Logger } from './logging/core-logger.js';

const issuesOf = (error: z.ZodError) =>
  error.issues.slice(0, 10).map((issue) => `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`);

/**
 * The contract checked on the way out too: every answer and every pushed value is parsed
 * with its output schema. A mismatch is a bug in the core; it is logged, and an answer
 * becomes an INTERNAL error (a pushed value is refused loudly) so tests and development
 * builds find it at once. Production leaves it off: outputs are built by the core itself.
 */
export function checkedContract(
  contract: { operations: OperationHandlers; subscriptions: SubscriptionSources },
  log: Logger,
): { operations: OperationHandlers; subscriptions: SubscriptionSources } {
  const checkedOperations: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(operations) as OperationName[]) {
    const handler = contract.operations[name] as (input: unknown) => Promise<unknown>;
    const schema: z.ZodType = operations[name].output;
    checkedOperations[name] = async (input) => {
      const value = await handler(input);
      const parsed = schema.safeParse(value);
      if (parsed.success) return value;
      const issues = issuesOf(parsed.error);
      log.error('an answer does not match the contract', { operation: name, issues });
      throw new AppError('INTERNAL', `The answer of ${name} does not match the contract.`, issues);
    };
  }
  const checkedSubscriptions: Record<string, (input: unknown, emit: (value: unknown) => void) => () => void> = {};
  for (const name of Object.keys(subscriptions) as SubscriptionName[]) {
    const source = contract.subscriptions[name] as (input: unknown, emit: (value: unknown) => void) => () => void;
    const schema: z.ZodType = subscriptions[name].output;
    checkedSubscriptions[name] = (input, emit) =>
      source(input, (value) => {
        const parsed = schema.safeParse(value);
        if (!parsed.success) {
          const issues = issuesOf(parsed.error);
          log.error('a pushed value does not match the contract', { subscription: name, issues });
          throw new AppError('INTERNAL', `A value of ${name} does not match the contract.`, issues);
        }
        emit(value);
      });
  }
  return {
    operations: checkedOperations as OperationHandlers,
    subscriptions: checkedSubscriptions as SubscriptionSources,
  };
}

import { describe, expect, it } from 'vitest';
import type { OperationHandlers, SubscriptionSources } from '../../common/contract/index.js';
import { invokeOperation } from './dispatch.js';
import { checkedContract } from './checked-contract.js';
import { silentLogger } from './logging/core-logger.js';

// Every operation answers `answer`, every subscription pushes it: enough to see the check at the door.
function contractAnswering(answer: unknown) {
  const operations = new Proxy({}, { get: () => async () => answer }) as OperationHandlers;
  const subscriptions = new Proxy(
    {},
    {
      get: () => (_input: unknown, emit: (value: unknown) => void) => {
        emit(answer);
        return () => undefined;
      },
    },
  ) as SubscriptionSources;
  return { operations, subscriptions };
}

describe('the contract checked on the way out', () => {
  it('lets an answer of the right shape through unchanged', async () => {
    const answer = { courseId: 'c1' };
    const checked = checkedContract(contractAnswering(answer), silentLogger);
    expect(await invokeOperation(checked.operations, 'purchases.redeem', { code: 'ABCD-1234' })).toEqual({
      ok: true,
      value: answer,
    });
  });

  it('turns an answer of another shape into an INTERNAL error naming the field', async () => {
    const checked = checkedContract(contractAnswering({ courseId: 42 }), silentLogger);
    const reply = await invokeOperation(checked.operations, 'purchases.redeem', { code: 'ABCD-1234' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('INTERNAL');
    expect(reply.error.issues?.join(' ')).toContain('courseId');
  });

  it('refuses to push a value of another shape', () => {
    const checked = checkedContract(contractAnswering({ online: 'maybe' }), silentLogger);
    const pushed: unknown[] = [];
    expect(() => checked.subscriptions['sync.watchStatus']({}, (value) => pushed.push(value))).toThrow(
      /does not match the contract/,
    );
    expect(pushed).toEqual([]);
  });
});

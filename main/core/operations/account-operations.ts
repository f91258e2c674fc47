import { anyAnswerSchema, devicesResponseSchema } from '../../../common/server-api/responses.js';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** The account on this device: signing up, in and out, and the account's devices. */
export function accountOperations({ session, serverCall, serverGet, follow }: CoreServices): {
  operations: Pick<
    OperationHandlers,
    'account.signUp' | 'account.signIn' | 'account.signOut' | 'account.listDevices' | 'account.revokeDevice'
  >;
  subscriptions: Pick<SubscriptionSources, 'account.watchSession'>;
} {
  return {
    operations: {
      'account.signUp': (input) => session.signUp(input),
      'account.signIn': (input) => session.signIn(input),
      'account.signOut': async () => {
        await session.signOut();
        return session.state$.value;
      },
      'account.listDevices': async () => {
        const response = await serverGet('/v1/devices', devicesResponseSchema);
        return response.devices;
      },
      'account.revokeDevice': async ({ deviceId }) => {
        await serverCall(`/v1/devices/${encodeURIComponent(deviceId)}`, undefined, anyAnswerSchema, 'DELETE');
        return (await serverGet('/v1/devices', devicesResponseSchema)).devices;
      },
    },
    subscriptions: {
      'account.watchSession': (_input, emit) => follow(session.state$, emit),
    },
  };
}

import { anyAnswerSchema, devicesResponseSchema, profileResponseSchema } from '../../../common/server-api/responses.js';
import type { OperationHandlers, SubscriptionSources } from '../../../common/contract/index.js';
import type { CoreServices } from './core-services.js';

/** The account on this device: signing up, in and out, and the account's devices. */
export function accountOperations({ session, serverCall, serverGet, follow, log }: CoreServices): {
  operations: Pick<
    OperationHandlers,
    | 'account.signUp'
    | 'account.signIn'
    | 'account.signOut'
    | 'account.listDevices'
    | 'account.revokeDevice'
    | 'account.getProfile'
    | 'account.updateProfile'
    | 'account.changePassword'
    | 'account.sendVerification'
    | 'account.verifyEmail'
    | 'account.requestPasswordReset'
    | 'account.resetPassword'
    | 'account.signOutEverywhere'
  >;
  subscriptions: Pick<SubscriptionSources, 'account.watchSession'>;
} {
  return {
    operations: {
      'account.signUp': async (input) => {
        const state = await session.signUp(input);
        // The verification code is on its way at once; the Account screen can ask for another.
        void serverCall('/v1/me/email-verification', undefined, anyAnswerSchema).catch((error: unknown) =>
          log.info('no verification mail after sign-up', { error }),
        );
        return state;
      },
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
      'account.getProfile': async () => (await serverGet('/v1/me', profileResponseSchema)).user,
      'account.updateProfile': async (patch) => {
        const { user } = await serverCall('/v1/me', patch, profileResponseSchema, 'PATCH');
        session.setDisplayName(user.displayName);
        return user;
      },
      'account.changePassword': async (input) => {
        await serverCall('/v1/me/password', input, anyAnswerSchema);
        return {};
      },
      'account.sendVerification': async () => {
        await serverCall('/v1/me/email-verification', undefined, anyAnswerSchema);
        return {};
      },
      'account.verifyEmail': async (input) =>
        (await serverCall('/v1/me/email-verification/confirm', input, profileResponseSchema)).user,
      'account.requestPasswordReset': async ({ email }) => {
        await session.requestPasswordReset(email);
        return {};
      },
      'account.resetPassword': (input) => session.resetPassword(input),
      'account.signOutEverywhere': async () => {
        await session.signOutEverywhere();
        return session.state$.value;
      },
    },
    subscriptions: {
      'account.watchSession': (_input, emit) => follow(session.state$, emit),
    },
  };
}

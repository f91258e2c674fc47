import type { z } from 'zod';
import type { ApiError, Reply } from '../errors.js';
import { operations, subscriptions } from './operations.js';

export { operations, subscriptions, noInput } from './operations.js';
export * from './app-info.js';
export * from './server-status.js';
export * from './secrets.js';
export * from './catalog.js';
export * from './recommendations.js';
export * from './provisioning.js';
export * from './packs.js';
export * from './recovery.js';
export * from './institution.js';
export * from './session.js';
export * from './downloads.js';
export * from './purchases.js';
export * from './search.js';
export * from './learning.js';
export * from './authoring.js';

export type OperationName = keyof typeof operations;
export type OperationInput<K extends OperationName> = z.input<(typeof operations)[K]['input']>;
export type OperationOutput<K extends OperationName> = z.output<(typeof operations)[K]['output']>;

export type SubscriptionName = keyof typeof subscriptions;
export type SubscriptionInput<K extends SubscriptionName> = z.input<(typeof subscriptions)[K]['input']>;
export type SubscriptionValue<K extends SubscriptionName> = z.output<(typeof subscriptions)[K]['output']>;

/** What the core implements: one async function per operation, given already-validated input. */
export type OperationHandlers = {
  [K in OperationName]: (input: z.output<(typeof operations)[K]['input']>) => Promise<OperationOutput<K>>;
};

/** Emits values to one subscriber; returns a function that stops the subscription. */
export type SubscriptionSources = {
  [K in SubscriptionName]: (
    input: z.output<(typeof subscriptions)[K]['input']>,
    emit: (value: SubscriptionValue<K>) => void,
  ) => () => void;
};

/** The one object the UI talks to: `window.zhiku` in Electron, a WebSocket client in web mode. */
export interface ZhikuApi {
  invoke<K extends OperationName>(name: K, input: OperationInput<K>): Promise<Reply<OperationOutput<K>>>;
  subscribe<K extends SubscriptionName>(
    name: K,
    input: SubscriptionInput<K>,
    onValue: (value: SubscriptionValue<K>) => void,
    onError?: (error: ApiError) => void,
  ): () => void;
}

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && Object.hasOwn(operations, value);
}

export function isSubscriptionName(value: unknown): value is SubscriptionName {
  return typeof value === 'string' && Object.hasOwn(subscriptions, value);
}

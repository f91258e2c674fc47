/**
 * The payment state machine after an order is paid, as a table (docs/payments.md, "State
 * machine"): each refund or dispute id moves only along these edges, so events that arrive
 * late, twice or out of order cannot undo a later state. What each state does to access is in
 * order-service.ts: a refund takes its items only once `succeeded`; a dispute suspends the
 * order while `open`, gives back on `won`, keeps it ended on `lost`.
 */
export type RefundState = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
export type DisputeState = 'open' | 'won' | 'lost';

export interface PaymentRecord {
  kind: 'refund' | 'dispute';
  status: string;
  courseIds: string[];
  /** A dispute's amount, in the charge's minor units (the whole charge when absent). */
  amount?: number;
}

export const REFUND_TRANSITIONS: Record<RefundState | 'none', readonly RefundState[]> = {
  none: ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'],
  pending: ['requires_action', 'succeeded', 'failed', 'canceled'],
  requires_action: ['pending', 'succeeded', 'failed', 'canceled'],
  // A refund that succeeded can still fail later (the bank returns it): the money is the platform's again.
  succeeded: ['failed', 'canceled'],
  failed: [],
  canceled: [],
};

export const DISPUTE_TRANSITIONS: Record<DisputeState | 'none', readonly DisputeState[]> = {
  none: ['open', 'won', 'lost'],
  open: ['won', 'lost'],
  won: [],
  lost: [],
};

/** The record's next state, or undefined when the event would move it backwards or sideways (then it changes nothing). */
export function nextItemState(
  kind: PaymentRecord['kind'],
  current: string | undefined,
  reported: string,
): string | undefined {
  const table: Record<string, readonly string[]> = kind === 'refund' ? REFUND_TRANSITIONS : DISPUTE_TRANSITIONS;
  const from = current ?? 'none';
  if (from === reported) return undefined;
  return table[from]?.includes(reported) ? reported : undefined;
}

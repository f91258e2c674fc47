/** The part of a payment event we act on; Stripe's `Event` and the test checkout's both fit. */
export interface PaymentEvent {
  id: string;
  type: string;
  data: {
    object: {
      id: string;
      client_reference_id?: string | null;
      payment_status?: string;
      status?: string | null;
      metadata?: Record<string, string> | null;
      payment_intent?: string | { id: string } | null;
      charge?: string | { id: string } | null;
      amount?: number;
    };
  };
}

export type EventOutcome = 'processed' | 'duplicate' | 'ignored';

import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Reply } from '../../../common/errors.js';

/** A form's message, kept as a key and translated when shown: it follows a change of language. */
export interface Message {
  key: string;
  values?: Record<string, unknown>;
  error: boolean;
}

/** Whether the sync server answers now, and how many times it has come back since the app started. */
export interface ServerReach {
  reachable: boolean;
  reconnections: number;
}

export const ServerReachableContext = createContext<ServerReach>({ reachable: false, reconnections: 0 });

/** Counts the server's comebacks (unreachable → reachable), for App to provide to every form. */
export function useServerReach(reachable: boolean): ServerReach {
  const [reach, setReach] = useState<ServerReach>({ reachable, reconnections: 0 });
  // Adjusting state while rendering, as React recommends for values derived from a changing input.
  if (reach.reachable !== reachable) setReach({ reachable, reconnections: reach.reconnections + (reachable ? 1 : 0) });
  return reach;
}

/** Errors that only say the server could not be reached: untrue as soon as it can be. */
const CONNECTIVITY_ERRORS = new Set(['errors.SERVER_UNREACHABLE', 'errors.CORE_UNAVAILABLE']);

/**
 * The outcome of a form, as state that tells the truth: a "cannot reach the server" error
 * clears itself once the server answers again, so it never sits there after reconnecting.
 */
export function useFormMessage(): [Message | null, (message: Message | null) => void] {
  const { reconnections } = useContext(ServerReachableContext);
  const latest = useRef(reconnections);
  useEffect(() => {
    latest.current = reconnections;
  }, [reconnections]);
  const [shown, setShown] = useState<{ message: Message; at: number } | null>(null);
  const set = useCallback((message: Message | null) => {
    setShown(message ? { message, at: latest.current } : null);
  }, []);
  const stale = shown !== null && CONNECTIVITY_ERRORS.has(shown.message.key) && reconnections > shown.at;
  return [stale ? null : (shown?.message ?? null), set];
}
/** The message for an operation's reply: its success key, or its error's translation key. */
export function replyMessage(reply: Reply<unknown>, successKey: string, values?: Record<string, unknown>): Message {
  if (reply.ok) return values ? { key: successKey, values, error: false } : { key: successKey, error: false };
  return { key: `errors.${reply.error.code}`, error: true };
}

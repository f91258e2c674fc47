import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type {
  OperationInput,
  OperationName,
  OperationOutput,
  SubscriptionInput,
  SubscriptionName,
  SubscriptionValue,
  ZhikuApi,
} from '../../../common/contract/index.js';
import type { ApiError, Reply } from '../../../common/errors.js';

export const ApiContext = createContext<ZhikuApi | null>(null);

export function useApi(): ZhikuApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi must be used inside <ApiContext.Provider>');
  return api;
}

/**
 * The latest value of a live subscription; `undefined` until the core sends the first one.
 * When the input changes, the previous value stays until the new one arrives (no flash
 * of emptiness); `current` says whether the value answers the input given now.
 */
export function useSubscription<K extends SubscriptionName>(
  name: K,
  input: SubscriptionInput<K>,
): {
  value: SubscriptionValue<K> | undefined;
  error: ApiError | undefined;
  current: boolean;
} {
  const api = useApi();
  const inputKey = JSON.stringify(input);
  const [state, setState] = useState<{
    value: SubscriptionValue<K> | undefined;
    error: ApiError | undefined;
    key: string | null;
  }>({ value: undefined, error: undefined, key: null });
  useEffect(() => {
    return api.subscribe(
      name,
      JSON.parse(inputKey) as SubscriptionInput<K>,
      (value) => setState({ value, error: undefined, key: inputKey }),
      (error) => setState((previous) => ({ ...previous, error })),
    );
  }, [api, name, inputKey]);
  return { value: state.value, error: state.error, current: state.key === inputKey };
}

/** Runs an operation on demand, tracking whether it is running and its last reply. */
export function useOperation<K extends OperationName>(
  name: K,
): {
  run: (input: OperationInput<K>) => Promise<Reply<OperationOutput<K>>>;
  running: boolean;
  lastReply: Reply<OperationOutput<K>> | undefined;
} {
  const api = useApi();
  const [running, setRunning] = useState(false);
  const [lastReply, setLastReply] = useState<Reply<OperationOutput<K>>>();
  const run = useCallback(
    async (input: OperationInput<K>) => {
      setRunning(true);
      try {
        const reply = await api.invoke(name, input);
        setLastReply(reply);
        return reply;
      } finally {
        setRunning(false);
      }
    },
    [api, name],
  );
  return { run, running, lastReply };
}

/** Runs an operation when the component mounts, and again when its input or `version` changes. */
export function useOperationResult<K extends OperationName>(
  name: K,
  input: OperationInput<K>,
  version = 0,
): Reply<OperationOutput<K>> | undefined {
  const api = useApi();
  const [reply, setReply] = useState<Reply<OperationOutput<K>>>();
  const inputKey = JSON.stringify(input);
  useEffect(() => {
    let active = true;
    void api.invoke(name, JSON.parse(inputKey) as OperationInput<K>).then((result) => {
      if (active) setReply(result);
    });
    return () => {
      active = false;
    };
  }, [api, name, inputKey, version]);
  return reply;
}

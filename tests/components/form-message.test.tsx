// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import {
  ServerReachableContext,
  useFormMessage,
  useServerReach,
  type Message,
} from '../../renderer/src/app/form-message.js';
import { FormMessage } from '../../renderer/src/components/FormMessage.js';
import { renderUi } from './harness.js';

/** A form that failed with the given message; the server's reachability comes from the app. */
function Failing({ failure }: { failure: Message }) {
  const [message, setMessage] = useFormMessage();
  return (
    <>
      <button type="button" onClick={() => setMessage(failure)}>
        try
      </button>
      <FormMessage message={message} testId="message" />
    </>
  );
}

/** The app's side: the server goes away and comes back. */
function Connection({ failure }: { failure: Message }) {
  const [reachable, setReachable] = useState(false);
  const reach = useServerReach(reachable);
  return (
    <ServerReachableContext.Provider value={reach}>
      <button type="button" onClick={() => setReachable(true)}>
        reconnect
      </button>
      <Failing failure={failure} />
    </ServerReachableContext.Provider>
  );
}

describe('form messages', () => {
  it('drop "cannot reach the server" once the server answers again, in the language shown', async () => {
    const unreachable = { key: 'errors.SERVER_UNREACHABLE', error: true };
    await renderUi(<Connection failure={unreachable} />, { language: 'zh-CN' });
    fireEvent.click(screen.getByRole('button', { name: 'try' }));
    expect(screen.getByTestId('message').textContent).toBe('无法连接同步服务器。');
    expect(screen.getByTestId('message').className).toContain('field-message--invalid');
    fireEvent.click(screen.getByRole('button', { name: 'reconnect' }));
    expect(screen.queryByTestId('message')).toBeNull();
  });

  it('keep every other outcome after reconnecting: it is still true', async () => {
    const wrongCode = { key: 'errors.CODE_INVALID', error: true };
    await renderUi(<Connection failure={wrongCode} />);
    fireEvent.click(screen.getByRole('button', { name: 'try' }));
    const shown = screen.getByTestId('message').textContent;
    expect(shown).toMatch(/code/i);
    fireEvent.click(screen.getByRole('button', { name: 'reconnect' }));
    expect(screen.getByTestId('message').textContent).toBe(shown);
  });
});

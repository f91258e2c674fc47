/**
 * The sync server's HTTP API, called directly as other people's devices (or IT) would: for the
 * parts of a journey that happen outside the app under test.
 */
export function serverApi(url: string) {
  async function send(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
    return fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  return {
    send,
    /** The parsed JSON answer (an empty object when there is none). */
    async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
      return (await (await send(method, path, body, token)).json().catch(() => ({}))) as T;
    },
    /** Registers (if new) and signs in on a device of its own. */
    async account(
      email: string,
      displayName = email.split('@')[0]!,
      password = 'correct horse battery',
    ): Promise<{ accessToken: string; user: { id: string } }> {
      await send('POST', '/v1/auth/register', { email, password, displayName, role: 'learner' });
      return this.login(email, password);
    },
    async login(email: string, password: string): Promise<{ accessToken: string; user: { id: string } }> {
      const response = await send('POST', '/v1/auth/login', {
        email,
        password,
        device: { installId: `install-${email.replace(/\W/g, '')}-e2e`, name: 'Laptop', platform: 'linux' },
      });
      return (await response.json()) as { accessToken: string; user: { id: string } };
    },
  };
}

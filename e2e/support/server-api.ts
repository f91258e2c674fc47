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
    /**
     * Publishes a course of two text lessons as `creator` does from the studio: its draft pushed,
     * then published (outside the app under test, for journeys that need one ready).
     */
    async publish(
      creator: { accessToken: string; user: { id: string } },
      courseId: string,
      title: { zh: string; en: string },
      priceAmount: number,
      /** A column: when each lesson (1-based) comes out, for those released later. */
      releaseAt: Record<number, number> = {},
    ): Promise<void> {
      const draft = {
        id: courseId,
        creatorId: creator.user.id,
        title,
        subtitle: title,
        description: title,
        categoryId: 'programming',
        categoryName: { zh: '编程', en: 'Programming' },
        tags: [],
        language: 'zh-CN',
        level: 'beginner',
        priceAmount,
        currency: 'CNY',
        sections: [{ id: `${courseId}-s1`, title, lessonIds: [`${courseId}-l1`, `${courseId}-l2`] }],
        lessons: [1, 2].map((n) => ({
          id: `${courseId}-l${n}`,
          kind: 'text',
          title: { zh: `第 ${n} 课`, en: `Lesson ${n}` },
          freePreview: n === 1,
          durationSeconds: 300,
          text: `# ${title.en} ${n}`,
          ...(releaseAt[n] ? { releaseAt: releaseAt[n] } : {}),
        })),
        draftRevision: 1,
        state: 'draft',
        updatedAt: 1,
        _deleted: false,
      };
      const pushed = await send(
        'POST',
        '/v1/sync/coursedrafts/push',
        [{ assumedMasterState: null, newDocumentState: draft }],
        creator.accessToken,
      );
      const published = await send(
        'POST',
        `/v1/creator/courses/${courseId}/publish`,
        { draftRevision: 1 },
        creator.accessToken,
      );
      if (!pushed.ok || !published.ok) throw new Error(`publishing ${courseId} failed: ${published.status}`);
    },
    /** Buys courses and pays on the test checkout's page, as a learner elsewhere does. */
    async buy(learner: { accessToken: string }, courseIds: string[]): Promise<string> {
      const order = (await (await send('POST', '/v1/orders', { courseIds }, learner.accessToken)).json()) as {
        orderId: string;
        checkoutUrl: string;
      };
      const paid = await fetch(`${order.checkoutUrl}/pay`, { method: 'POST' });
      if (!paid.ok) throw new Error(`paying ${order.orderId} failed: ${paid.status}`);
      return order.orderId;
    },
  };
}

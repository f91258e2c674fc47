import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { createApiClient } from '../../common/client.js';
import type { SubscriptionMessage } from '../../common/wire.js';
import type { ZhikuApi } from '../../common/contract/index.js';
import { createCore, type Core } from '../../main/core/create-core.js';
import { invokeOperation, openSubscription } from '../../main/core/dispatch.js';
import { ApiContext } from '../../renderer/src/api/hooks.js';
import { NavigationContext, type Navigation, type Route } from '../../renderer/src/app/navigation.js';
import { initI18n } from '../../renderer/src/i18n/index.js';

afterEach(cleanup);

/**
 * A real core in this process (real SQLite, real search index), offline: these tests have
 * no server, and the network fails the way it does without one.
 */
export async function startCore(dataDir: string): Promise<Core> {
  const offline = () => Promise.reject(new TypeError('fetch failed: no network in component tests'));
  return createCore({
    dataDir,
    appVersion: '0.0.0-test',
    runtime: 'node',
    initialSettings: { syncServerUrl: 'http://127.0.0.1:9' },
    fetch: offline,
  });
}

/** The UI's `ZhikuApi` carried straight to the core, through the same dispatch as every transport. */
export function inProcessApi(core: Core): ZhikuApi {
  let listener: (message: SubscriptionMessage) => void = () => undefined;
  const open = new Map<number, () => void>();
  return createApiClient({
    request: (name, input) => invokeOperation(core.operations, name, input),
    openSubscription: (id, name, input) =>
      open.set(
        id,
        openSubscription(
          core.subscriptions,
          name,
          input,
          (value) => listener({ id, value }),
          (error) => listener({ id, error }),
        ),
      ),
    closeSubscription: (id) => {
      open.get(id)?.();
      open.delete(id);
    },
    onSubscriptionMessage: (next) => {
      listener = next;
    },
  });
}

/** Where the component under test asked to go. */
export function recordingNavigation(): Navigation & { visited: Route[] } {
  const visited: Route[] = [];
  const route: Route = { screen: 'home' };
  return {
    visited,
    route,
    go: (next) => visited.push(next),
    openCourse: (courseId) => visited.push({ screen: 'home', courseId, view: 'course' }),
    openLesson: (courseId, lessonId) => visited.push({ screen: 'home', courseId, lessonId, view: 'lesson' }),
    back: () => undefined,
  };
}

export async function renderUi(
  ui: ReactNode,
  options: { api?: ZhikuApi; navigation?: Navigation; language?: 'en' | 'zh-CN' } = {},
) {
  const i18n = await initI18n(options.language ?? 'en');
  await i18n.changeLanguage(options.language ?? 'en');
  const tree = (
    <I18nextProvider i18n={i18n}>
      <NavigationContext.Provider value={options.navigation ?? recordingNavigation()}>
        {options.api ? <ApiContext.Provider value={options.api}>{ui}</ApiContext.Provider> : ui}
      </NavigationContext.Provider>
    </I18nextProvider>
  );
  return render(tree);
}

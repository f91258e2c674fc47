import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../api/web-socket-transport.js';
import { useSubscription } from '../api/hooks.js';
import { LessonView } from '../lesson/LessonView.js';
import { AboutScreen } from '../screens/AboutScreen.js';
import { AccountScreen } from '../screens/AccountScreen.js';
import { CatalogScreen } from '../screens/CatalogScreen.js';
import { CourseNotesScreen } from '../screens/CourseNotesScreen.js';
import { CourseView } from '../course/CourseView.js';
import { DownloadsScreen } from '../screens/DownloadsScreen.js';
import { HomeScreen } from '../screens/HomeScreen.js';
import { LibraryScreen } from '../screens/LibraryScreen.js';
import { SearchResultsScreen } from '../screens/SearchResultsScreen.js';
import { SettingsScreen } from '../screens/SettingsScreen.js';
import {
  BookIcon,
  DownloadIcon,
  HomeIcon,
  InfoIcon,
  LibraryIcon,
  LogoMark,
  MenuIcon,
  SchoolIcon,
  ShieldIcon,
  SettingsIcon,
  StudioIcon,
  UserIcon,
} from './icons.js';
import { ReceiptView } from '../screens/ReceiptView.js';
import { OwnedCoursesContext } from './owned-courses.js';
import { ServerReachableContext, useServerReach } from './form-message.js';
import { NavigationContext, type Navigation, type Route } from './navigation.js';
import { RecoveryNotice } from './RecoveryNotice.js';
import { SecretStorageNotice } from './SecretStorageNotice.js';
import { SearchBox } from './SearchBox.js';
import { SyncStatusBar } from './SyncStatusBar.js';
import { useAppearance } from './use-appearance.js';

const NAV_KEY = 'zhiku.nav';

// Screens most learners never open load when first opened, not with the app (the studio, the institution admin).
const StudioScreen = lazy(() => import('../studio/StudioScreen.js').then((m) => ({ default: m.StudioScreen })));
const CourseEditor = lazy(() => import('../studio/CourseEditor.js').then((m) => ({ default: m.CourseEditor })));
const InstitutionScreen = lazy(() =>
  import('../screens/InstitutionScreen.js').then((m) => ({ default: m.InstitutionScreen })),
);
const CertificateView = lazy(() =>
  import('../screens/CertificateView.js').then((m) => ({ default: m.CertificateView })),
);
const AdminScreen = lazy(() => import('../admin/AdminScreen.js').then((m) => ({ default: m.AdminScreen })));

/** Whether a media query matches now, following changes (window resizes). */
function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setMatches(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}

const SCREENS = [
  { id: 'home', Icon: HomeIcon, Screen: HomeScreen },
  { id: 'catalog', Icon: BookIcon, Screen: CatalogScreen },
  { id: 'library', Icon: LibraryIcon, Screen: LibraryScreen },
  { id: 'downloads', Icon: DownloadIcon, Screen: DownloadsScreen },
  { id: 'studio', Icon: StudioIcon, Screen: StudioScreen },
  { id: 'institution', Icon: SchoolIcon, Screen: InstitutionScreen },
  { id: 'admin', Icon: ShieldIcon, Screen: AdminScreen },
  { id: 'account', Icon: UserIcon, Screen: AccountScreen },
  { id: 'settings', Icon: SettingsIcon, Screen: SettingsScreen },
  { id: 'about', Icon: InfoIcon, Screen: AboutScreen },
] as const;

export function App({ connectionState }: { connectionState: ConnectionState }) {
  const { t } = useTranslation();
  const settings = useSubscription('settings.watch', {}).value;
  const serverStatus = useSubscription('server.watchStatus', {}).value;
  const reach = useServerReach(serverStatus?.reachable ?? false);
  // The admin screen is listed only for platform administrators (the server checks every call anyway).
  const session = useSubscription('account.watchSession', {}).value;
  const platformAdmin = session?.status === 'signed-in' && session.user?.role === 'admin';
  const ownedIds = useSubscription('library.watchOwned', {}).value?.courseIds;
  const owned = useMemo(() => new Set(ownedIds), [ownedIds]);
  const narrow = useMediaQuery('(width < 1000px)');
  // The learner's own choice wins; without one the sidebar folds on a narrow window.
  const [navChoice, setNavChoice] = useState<'compact' | 'full' | null>(
    () => localStorage.getItem(NAV_KEY) as 'compact' | 'full' | null,
  );
  const compact = navChoice === null ? narrow : navChoice === 'compact';
  const toggleNav = () => {
    const next = compact ? 'full' : 'compact';
    localStorage.setItem(NAV_KEY, next);
    setNavChoice(next);
  };
  const [history, setHistory] = useState<Route[]>([{ screen: 'home' }]);
  const route = history.at(-1)!;
  const main = useRef<HTMLElement>(null);
  useAppearance(settings);

  /** Tells tests (and the Electron shell) that the UI has its data: wait for this, never sleep. */
  useEffect(() => {
    if (settings) document.documentElement.dataset.appReady = 'true';
  }, [settings]);

  const go = useCallback((next: Route) => {
    setHistory((stack) => ('view' in next ? [...stack.slice(-20), next] : [next]));
    // A new view starts at its top, and keyboard focus moves to it.
    requestAnimationFrame(() => {
      main.current?.scrollTo({ top: 0 });
      const heading = main.current?.querySelector<HTMLElement>('h1');
      if (heading && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      heading?.focus({ preventScroll: true });
    });
  }, []);
  const navigation = useMemo<Navigation>(
    () => ({
      route,
      go,
      openCourse: (courseId) => go({ screen: route.screen, courseId, view: 'course' }),
      openLesson: (courseId, lessonId, at) =>
        go({ screen: route.screen, courseId, lessonId, view: 'lesson', ...(at === undefined ? {} : { at }) }),
      back: () => setHistory((stack) => (stack.length > 1 ? stack.slice(0, -1) : stack)),
    }),
    [route, go],
  );

  const current = SCREENS.find((entry) => entry.id === route.screen) ?? SCREENS[0];
  const view = !('view' in route) ? (
    settings && <current.Screen settings={settings} serverStatus={serverStatus} />
  ) : route.view === 'lesson' ? (
    <LessonView
      key={route.lessonId}
      courseId={route.courseId}
      lessonId={route.lessonId}
      {...(route.at === undefined ? {} : { at: route.at })}
    />
  ) : route.view === 'search' ? (
    <SearchResultsScreen key={route.query} query={route.query} />
  ) : route.view === 'certificate' ? (
    <CertificateView certificateId={route.certificateId} />
  ) : route.view === 'receipt' ? (
    <ReceiptView orderId={route.orderId} />
  ) : route.view === 'notes' ? (
    <CourseNotesScreen courseId={route.courseId} />
  ) : route.view === 'editor' ? (
    <CourseEditor key={route.courseId} courseId={route.courseId} />
  ) : (
    <CourseView key={route.courseId} courseId={route.courseId} />
  );

  return (
    <NavigationContext.Provider value={navigation}>
      <ServerReachableContext.Provider value={reach}>
        <OwnedCoursesContext.Provider value={owned}>
          <div className={compact ? 'shell shell--compact' : 'shell'}>
            <a className="skip-link" href="#main">
              {t('nav.skip')}
            </a>
            <nav className="sidebar" aria-label={t('nav.label')}>
              <div className="brand">
                <LogoMark />
                <div>
                  <div className="brand__name">{t('app.name')}</div>
                  <div className="brand__tagline">{t('app.tagline')}</div>
                </div>
              </div>
              <ul className="nav-list">
                {SCREENS.filter(({ id }) => id !== 'admin' || platformAdmin).map(({ id, Icon }) => (
                  <li key={id}>
                    <button
                      type="button"
                      className="nav-item"
                      data-nav={id}
                      aria-current={route.screen === id && !('view' in route) ? 'page' : undefined}
                      onClick={() => go({ screen: id })}
                    >
                      <Icon />
                      <span>{t(`nav.${id}`)}</span>
                    </button>
                  </li>
                ))}
              </ul>
              <div className="sidebar__footer">
                <SyncStatusBar />
              </div>
            </nav>
            <div className="workspace">
              <header className="topbar">
                <button
                  type="button"
                  className="button button--small nav-toggle"
                  aria-pressed={compact}
                  aria-label={compact ? t('nav.expand') : t('nav.collapse')}
                  title={compact ? t('nav.expand') : t('nav.collapse')}
                  onClick={toggleNav}
                >
                  <MenuIcon />
                </button>
                <SearchBox
                  onSearch={(query) => go({ screen: route.screen, view: 'search', query })}
                  onChoose={(choice) =>
                    choice.type === 'course'
                      ? navigation.openCourse(choice.courseId)
                      : navigation.openLesson(choice.courseId, choice.lessonId)
                  }
                />
              </header>
              <main id="main" ref={main} className="content" aria-busy={settings === undefined} tabIndex={-1}>
                {connectionState === 'closed' && (
                  <div className="banner banner--error" role="alert">
                    {t('status.coreDisconnected')}
                  </div>
                )}
                <RecoveryNotice />
                <SecretStorageNotice />
                {settings ? (
                  <Suspense fallback={<div className="skeleton skeleton--tall" aria-hidden="true" />}>{view}</Suspense>
                ) : (
                  <div className="skeleton" aria-hidden="true" />
                )}
              </main>
            </div>
          </div>
        </OwnedCoursesContext.Provider>
      </ServerReachableContext.Provider>
    </NavigationContext.Provider>
  );
}

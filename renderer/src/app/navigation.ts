import { createContext, useContext } from 'react';

export const SCREEN_IDS = [
  'home',
  'catalog',
  'library',
  'downloads',
  'studio',
  'institution',
  'admin',
  'account',
  'settings',
  'about',
] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

/** Where the app is: a screen of the sidebar, and over it maybe a course, its notes or a lesson. */
export type Route =
  | { screen: ScreenId }
  | { screen: ScreenId; courseId: string; view: 'course' | 'notes' | 'editor' }
  | { screen: ScreenId; courseId: string; lessonId: string; view: 'lesson'; at?: number }
  | { screen: ScreenId; view: 'search'; query: string }
  | { screen: ScreenId; view: 'receipt'; orderId: string }
  | { screen: ScreenId; view: 'certificate'; certificateId: string };

export interface Navigation {
  route: Route;
  go(route: Route): void;
  openCourse(courseId: string): void;
  openLesson(courseId: string, lessonId: string, at?: number): void;
  back(): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation must be used inside <NavigationContext.Provider>');
  return navigation;
}

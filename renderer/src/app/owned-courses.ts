import { createContext, useContext } from 'react';

/** The ids of the courses the signed-in learner holds: one subscription for the whole app, read by every card. */
export const OwnedCoursesContext = createContext<ReadonlySet<string>>(new Set());

export function useOwnedCourses(): ReadonlySet<string> {
  return useContext(OwnedCoursesContext);
}

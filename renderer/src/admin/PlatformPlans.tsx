import { useSubscription } from '../api/hooks.js';
import { PlansCard } from '../studio/PlansCard.js';

/** The platform's own memberships: every course, or a chosen collection of the catalog's paid courses. */
export function PlatformPlans() {
  const list = useSubscription('catalog.watchCourses', { free: false, sort: 'newest', skip: 0, limit: 500 }).value;
  if (!list) return <div className="skeleton" aria-hidden="true" />;
  return <PlansCard platform courses={list.courses} />;
}

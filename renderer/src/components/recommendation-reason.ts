import type { TFunction } from 'i18next';
import type { RecommendationReason } from '../../../common/contract/recommendations.js';
import { localized } from '../screens/format.js';

/** The sentence shown under a suggested course: why it is there. */
export function reasonText(reason: RecommendationReason, t: TFunction, language: string): string {
  switch (reason.kind) {
    case 'studied':
      return t('recommend.becauseStudied', { title: localized(reason.course.title, language) });
    case 'similar-content':
      return t('recommend.similarTo', { title: localized(reason.course.title, language) });
    case 'taken-together':
      return t('recommend.takenTogether', { title: localized(reason.course.title, language) });
    case 'popular-in-category':
      return t('home.reasonCategory', { category: localized(reason.category, language) });
    case 'well-rated':
      return t('home.reasonRated');
    case 'new-course':
      return t('home.reasonNew');
  }
}

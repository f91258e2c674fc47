/** English strings of columns: scheduled lessons and the notice of new ones (part of en.ts). */
export const columnsEn = {
  releaseAt: 'Release on (a column’s lesson)',
  releaseHint:
    'Learners get this lesson at this time, with a notice and an e-mail. Leave empty to release it with the course.',
  upcoming: 'Coming next',
  soon: 'Soon',
  releasesOn: 'out {{date}}',
  newLessons_one: 'A new lesson in your columns',
  newLessons_other: '{{count}} new lessons in your columns',
  gotIt: 'Got it',
};

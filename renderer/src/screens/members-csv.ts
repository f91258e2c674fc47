import type { TFunction } from 'i18next';
import type { MemberView } from '../../../common/contract/institution.js';
import { csvText } from '../../../common/csv/csv-text.js';
import { localized } from './format.js';

/** One member's exams in a cell: each exam's title, best score, attempts and whether passed. */
export function examSummary(member: MemberView, t: TFunction, language: string): string {
  return member.exams
    .map((exam) =>
      t('institution.examResult', {
        title: localized(exam.title, language),
        percent: exam.bestPercent,
        count: exam.attempts,
        verdict: exam.passed ? t('exam.passed') : t('exam.failed'),
      }),
    )
    .join('; ');
}

/** The members table as CSV (RFC 4180), in the reader's language: progress, mastery, exams, certificates. */
export function membersCsv(list: MemberView[], t: TFunction, language: string): string {
  return csvText([
    [
      t('institution.csvName'),
      t('institution.csvEmail'),
      t('institution.csvStatus'),
      t('institution.courses'),
      t('institution.completion'),
      t('institution.mastered'),
      t('institution.examsPassed'),
      t('institution.examResults'),
      t('institution.certificates'),
      t('institution.lastSynced'),
    ],
    ...list.map((m) => [
      m.displayName,
      m.email,
      m.status === 'invited' ? t('institution.invited') : t(`institution.role_${m.role}`),
      m.courses,
      Math.round(m.completion * 100) / 100,
      m.exercisesMastered,
      m.exams.filter((exam) => exam.passed).length,
      examSummary(m, t, language),
      m.certificates,
      m.lastSyncedAt ? new Date(m.lastSyncedAt).toISOString() : '',
    ]),
  ]);
}

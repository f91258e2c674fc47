import type { MessageCatalog } from './en.js';

/** 专栏的中文文案：定时发布的课时与新课提醒（zh-CN.ts 的一部分）。 */
export const columnsZhCN: MessageCatalog['columns'] = {
  releaseAt: '定时发布（专栏课时）',
  releaseHint: '到这个时间，学员会收到这节课，并有应用内提醒和邮件。留空则随课程一起发布。',
  upcoming: '即将更新',
  soon: '待更新',
  releasesOn: '{{date}} 上线',
  newLessons_one: '您的专栏有 1 节新课',
  newLessons_other: '您的专栏有 {{count}} 节新课',
  gotIt: '知道了',
};

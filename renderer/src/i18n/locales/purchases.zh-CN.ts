import type { MessageCatalog } from './en.js';

/** 订单与收据的中文文案（zh-CN.ts 的一部分）。 */
export const ordersZhCN: MessageCatalog['orders'] = {
  title: '订单记录',
  empty: '还没有订单。',
  date: '日期',
  items: '课程',
  total: '金额',
  status: '状态',
  test: '测试',
  receipt: '支付机构开具的付款凭证',
  status_pending: '等待付款',
  status_paid: '已付款',
  status_partially_refunded: '部分退款',
  status_refunded: '已退款',
  status_expired: '已过期',
  status_failed: '失败',
};

export const receiptZhCN: MessageCatalog['receipt'] = {
  title: '收据',
  number: '收据编号',
  date: '付款时间',
  billedTo: '购买人',
  amount: '金额',
  total: '合计',
  refunded: '已退款',
  print: '打印或存为 PDF',
  pdfHint: '如需保存文件，请在打印对话框中选择“存储为 PDF”。',
  testMode: '测试付款：未实际扣款。',
  footer: '知库 · 感谢你的学习。请保留这张收据以备查。',
  missing: '这台设备上没有这笔订单的收据。',
  open: '收据',
};

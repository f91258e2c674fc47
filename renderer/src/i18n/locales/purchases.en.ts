/** English strings of orders and receipts (part of en.ts). */
export const ordersEn = {
  title: 'Order history',
  empty: 'No orders yet.',
  date: 'Date',
  items: 'Courses',
  total: 'Total',
  status: 'Status',
  test: 'test',
  receipt: 'Card receipt from the payment provider',
  status_pending: 'Waiting for payment',
  status_paid: 'Paid',
  status_partially_refunded: 'Partly refunded',
  status_refunded: 'Refunded',
  status_expired: 'Expired',
  status_failed: 'Failed',
};

export const receiptEn = {
  title: 'Receipt',
  number: 'Receipt number',
  date: 'Paid on',
  billedTo: 'Billed to',
  amount: 'Amount',
  total: 'Total',
  refunded: 'Refunded',
  print: 'Print or save as PDF',
  pdfHint: 'To keep a file, choose “Save as PDF” in the print dialog.',
  testMode: 'Test payment: no money was charged.',
  footer: 'Zhiku · Thank you for learning with us. Keep this receipt for your records.',
  missing: 'There is no receipt for this order on this device.',
  open: 'Receipt',
};

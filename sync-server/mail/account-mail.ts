import type { OutgoingMail } from './mailer.js';

/**
 * The server's mail, in Chinese and English together: the server does not know which the
 * reader prefers until they say so, and a code must be readable either way.
 */
export function bilingual(to: string, subject: { zh: string; en: string }, zh: string[], en: string[]): OutgoingMail {
  const text = [...zh, '', '—', '', ...en, ''].join('\n');
  const escape = (line: string) => line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paragraphs = (lines: string[]) => lines.map((line) => `<p>${escape(line)}</p>`).join('');
  return {
    to,
    subject: `${subject.zh} · ${subject.en}`,
    text,
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.6">${paragraphs(zh)}<hr>${paragraphs(en)}</body></html>`,
  };
}

export function verificationMail(to: string, name: string, code: string, minutes: number): OutgoingMail {
  return bilingual(
    to,
    { zh: '验证你的知库邮箱', en: 'Verify your Zhiku e-mail' },
    [`${name}，你好：`, `你的验证码是：${code}`, `在知库的“账户”页输入它即可完成验证。验证码 ${minutes} 分钟内有效。`],
    [`Hello ${name},`, `Your code is: ${code}`, `Enter it on Zhiku's Account screen. It works for ${minutes} minutes.`],
  );
}

export function passwordResetMail(to: string, name: string, code: string, minutes: number): OutgoingMail {
  return bilingual(
    to,
    { zh: '重设知库密码', en: 'Reset your Zhiku password' },
    [
      `${name}，你好：`,
      `有人（希望是你）要求重设这个账户的密码。重设码是：${code}`,
      `在知库登录页点“忘记密码”，输入它和新密码。重设码 ${minutes} 分钟内有效。重设后，所有设备都需要重新登录。`,
      '如果不是你本人操作，请忽略这封邮件，你的密码不会改变。',
    ],
    [
      `Hello ${name},`,
      `Someone (we hope you) asked to reset this account's password. The reset code is: ${code}`,
      `On Zhiku's sign-in screen choose "Forgot password?" and enter it with a new password. It works for ${minutes} minutes. Afterwards every device signs in again.`,
      'If this was not you, ignore this mail: your password stays as it is.',
    ],
  );
}

export interface ReceiptLine {
  title: { zh: string; en: string };
  amount: string;
}

export function receiptMail(
  to: string,
  receipt: { buyer: string; orderId: string; date: Date; lines: ReceiptLine[]; total: string; testMode: boolean },
): OutgoingMail {
  const zhDate = receipt.date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
  const enDate = receipt.date.toUTCString();
  return bilingual(
    to,
    { zh: `知库收据 ${receipt.orderId}`, en: `Zhiku receipt ${receipt.orderId}` },
    [
      `${receipt.buyer}，感谢购买！${receipt.testMode ? '（测试付款，未实际扣款）' : ''}`,
      `订单：${receipt.orderId} · ${zhDate}`,
      ...receipt.lines.map((line) => `${line.title.zh || line.title.en}：${line.amount}`),
      `合计：${receipt.total}`,
      '课程已加入你的“我的课程”，所有登录的设备都会同步。',
    ],
    [
      `Thank you, ${receipt.buyer}!${receipt.testMode ? ' (Test payment: nothing was charged.)' : ''}`,
      `Order ${receipt.orderId} · ${enDate}`,
      ...receipt.lines.map((line) => `${line.title.en || line.title.zh}: ${line.amount}`),
      `Total: ${receipt.total}`,
      'The courses are in your Library on every device you are signed in on.',
    ],
  );
}

export function invitationMail(to: string, organization: string, inviter: string): OutgoingMail {
  return bilingual(
    to,
    { zh: `${organization} 邀请你加入知库`, en: `${organization} invites you to Zhiku` },
    [
      `${inviter} 邀请你加入 ${organization}。`,
      '已有知库账户：用这个邮箱登录，在“机构管理”页接受邀请。还没有账户：你的管理员会告诉你首次登录的密码。',
    ],
    [
      `${inviter} invited you to join ${organization}.`,
      'If you have a Zhiku account, sign in with this address and accept on the Institution screen. If not, your administrator will give you a password for your first sign-in.',
    ],
  );
}

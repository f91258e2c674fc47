import type { CertificateCheck } from '../../common/server-api/certificates.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The public verification page of a certificate, in Chinese and English: genuine (with what
 * it states: the learner's name, the course, its creator, the date), revoked, or unknown.
 * Nothing else about the learner is shown; every value is escaped.
 */
export function certificatePage(check: CertificateCheck): string {
  const c = check.certificate;
  const verdict =
    check.status === 'genuine'
      ? '<p style="background:#dff3e8;color:#1f7a4d;padding:10px 14px;border-radius:8px"><strong>真实有效 · Genuine</strong> — 由本知库服务器签发且未被修改。Issued by this Zhiku server and unaltered.</p>'
      : check.status === 'revoked'
        ? '<p style="background:#fde8e6;color:#b42318;padding:10px 14px;border-radius:8px"><strong>已撤销 · Revoked</strong> — 该证书已被撤销。This certificate has been revoked.</p>'
        : '<p style="background:#fbeed2;color:#8a5a00;padding:10px 14px;border-radius:8px"><strong>无法验证 · Unknown</strong> — 本服务器没有签发过这张证书。This server did not issue this certificate.</p>';
  const facts = c
    ? `<dl style="display:grid;grid-template-columns:max-content 1fr;gap:6px 16px">
<dt>学员 · Learner</dt><dd style="margin:0"><strong>${escapeHtml(c.learnerName)}</strong></dd>
<dt>课程 · Course</dt><dd style="margin:0">${escapeHtml(c.courseTitle.zh || c.courseTitle.en)}${c.courseTitle.en && c.courseTitle.en !== c.courseTitle.zh ? ` · ${escapeHtml(c.courseTitle.en)}` : ''}</dd>
<dt>讲师 · Creator</dt><dd style="margin:0">${escapeHtml(c.creatorName)}</dd>
<dt>日期 · Date</dt><dd style="margin:0">${new Date(c.issuedAt).toISOString().slice(0, 10)}</dd>
<dt>编号 · Number</dt><dd style="margin:0"><code>${escapeHtml(c.id)}</code></dd>
</dl>`
    : '';
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>证书验证 · Certificate check</title>
<body style="font-family:sans-serif;max-width:620px;margin:8vh auto;line-height:1.6;padding:0 16px">
<h1>知库证书验证 · Zhiku certificate check</h1>
${verdict}
${facts}
</body></html>`;
}

import { useTranslation } from 'react-i18next';
import { useOperationResult } from '../api/hooks.js';
import { PrintActions } from '../components/PrintActions.js';
import { QrCode } from '../components/QrCode.js';
import { localized } from './format.js';

/**
 * A certificate of completion, as a page to print or save as PDF (the print dialog's "Save as
 * PDF" embeds the fonts, Chinese included): the learner's name, the course, its creator, the
 * date, the number, and a QR code of the address where anyone can check it. Works offline from
 * the certificates kept on the device.
 */
export function CertificateView({ certificateId }: { certificateId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const reply = useOperationResult('certificates.list', {});
  if (!reply) return <div className="skeleton skeleton--tall" aria-hidden="true" />;
  if (!reply.ok)
    return (
      <p className="banner banner--error" role="alert">
        {t(`errors.${reply.error.code}`)}
      </p>
    );
  const certificate = reply.value.certificates.find((c) => c.id === certificateId);
  if (!certificate) return <p className="empty-state">{t('certificate.missing')}</p>;
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(certificate.issuedAt);

  return (
    <section className="screen certificate-screen" aria-labelledby="certificate-title">
      <PrintActions>
        <a className="button" href={certificate.verifyUrl} target="_blank" rel="noreferrer">
          {t('certificate.verify')}
        </a>
      </PrintActions>
      {certificate.revokedAt !== null && (
        <p className="banner banner--error" role="alert">
          {t('certificate.revoked')}
        </p>
      )}
      <article className="certificate" data-testid="certificate">
        <p className="certificate__brand">{t('app.name')}</p>
        <h1 id="certificate-title" tabIndex={-1}>
          {t('certificate.title')}
        </h1>
        <p className="certificate__lead">{t('certificate.certifies')}</p>
        <p className="certificate__name">{certificate.learnerName}</p>
        <p className="certificate__lead">{t('certificate.completed')}</p>
        <p className="certificate__course">{localized(certificate.courseTitle, language)}</p>
        <p className="certificate__meta">{t('certificate.creator', { name: certificate.creatorName })}</p>
        <footer className="certificate__footer">
          <dl>
            <div>
              <dt>{t('certificate.date')}</dt>
              <dd>{date}</dd>
            </div>
            <div>
              <dt>{t('certificate.number')}</dt>
              <dd className="mono">{certificate.id}</dd>
            </div>
            <div>
              <dt>{t('certificate.checkAt')}</dt>
              <dd className="mono certificate__url">{certificate.verifyUrl}</dd>
            </div>
          </dl>
          <QrCode text={certificate.verifyUrl} label={t('certificate.qr')} />
        </footer>
      </article>
    </section>
  );
}

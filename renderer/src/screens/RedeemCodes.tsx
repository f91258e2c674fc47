import { useTranslation } from 'react-i18next';
import { csvDataUrl, csvText } from '../../../common/csv/csv-text.js';
import { CopyButton } from '../components/CopyButton.js';
/** Fresh redeem codes: each with its own copy button, all of them at once, or as a CSV to hand out. */
export function RedeemCodes({ codes, course, institution }: { codes: string[]; course: string; institution: string }) {
  const { t } = useTranslation();
  const csv = csvText([['code', 'course', 'institution'], ...codes.map((code) => [code, course, institution])]);
  return (
    <div className="codes" data-testid="codes">
      <ul className="codes__list" aria-label={t('institution.codesLabel', { course })}>
        {codes.map((code) => (
          <li key={code} className="codes__item">
            <code className="mono">{code}</code>
            <CopyButton text={code} label={t('institution.copyCode', { code })} />
          </li>
        ))}
      </ul>
      <div className="codes__actions">
        <CopyButton text={codes.join('\n')} label={t('institution.copyAll')} />
        <a className="button button--small" download={`zhiku-codes-${institution}.csv`} href={csvDataUrl(csv)}>
          {t('institution.downloadCodes')}
        </a>
      </div>
    </div>
  );
}

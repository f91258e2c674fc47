import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../app/navigation.js';

/**
 * Above a document the learner keeps (a receipt, a certificate): back, "Print or save as
 * PDF", any further links, and the hint that the print dialog saves a PDF. Not printed.
 */
export function PrintActions({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <div className="receipt-screen__actions no-print">
      <button type="button" className="button button--link back-link" onClick={() => navigation.back()}>
        ← {t('library.title')}
      </button>
      <button type="button" className="button button--primary" onClick={() => window.print()}>
        {t('receipt.print')}
      </button>
      {children}
      <p className="card__meta">{t('receipt.pdfHint')}</p>
    </div>
  );
}

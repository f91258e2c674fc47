import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOperation, useOperationResult } from '../api/hooks.js';

/** Copies a plain-text report for support (no secrets) to the clipboard, and says whether it worked. */
function CopyDiagnostics() {
  const { t } = useTranslation();
  const diagnostics = useOperation('app.diagnostics');
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    const reply = await diagnostics.run({});
    if (!reply.ok) return setState('failed');
    await navigator.clipboard.writeText(reply.value.text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <div className="diagnostics">
      <button type="button" className="button" disabled={diagnostics.running} onClick={() => void copy()}>
        {t('about.copyDiagnostics')}
      </button>
      <p className="field-group__help" role="status" data-testid="diagnostics-status">
        {state === 'copied' && t('about.diagnosticsCopied')}
        {state === 'failed' && t('about.diagnosticsFailed')}
        {state === 'idle' && t('about.diagnosticsHelp')}
      </p>
    </div>
  );
}

export function AboutScreen() {
  const { t, i18n } = useTranslation();
  const info = useOperationResult('app.getInfo', {});
  if (!info) return <div className="skeleton" aria-hidden="true" />;
  if (!info.ok) return <p role="alert">{t(`errors.${info.error.code}`)}</p>;
  const { value } = info;
  const versions = Object.entries(value.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(' · ');
  const rows: [string, string][] = [
    [t('about.version'), value.version],
    [t('about.runtime'), t(`home.runtime_${value.runtime}`)],
    [t('about.platform'), `${value.platform} / ${value.arch}`],
    [t('about.versions'), versions],
    [t('about.systemLocale'), value.systemLocale],
    [t('about.dataDir'), value.dataDir],
    [t('about.startedAt'), new Date(value.startedAt).toLocaleString(i18n.language)],
  ];
  return (
    <section className="screen" aria-labelledby="about-title">
      <h1 id="about-title">{t('about.title')}</h1>
      <dl className="facts" data-testid="app-info">
        {rows.map(([label, text]) => (
          <div className="facts__row" key={label}>
            <dt>{label}</dt>
            <dd className={label === t('about.dataDir') ? 'mono' : undefined}>{text}</dd>
          </div>
        ))}
      </dl>
      <CopyDiagnostics />
    </section>
  );
}

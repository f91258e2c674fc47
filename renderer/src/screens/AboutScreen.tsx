import { useTranslation } from 'react-i18next';
import { useOperationResult } from '../api/hooks.js';

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
    </section>
  );
}

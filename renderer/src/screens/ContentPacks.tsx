import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reply } from '../../../common/errors.js';
import { useOperation, useSubscription } from '../api/hooks.js';
import { ProgressBar } from '../components/StarRating.js';
import { formatBytes, localized } from './format.js';

/**
 * Content packs on the Downloads screen: export owned courses to a folder (a USB drive), import
 * a pack from one, with progress, and what was unlocked or still waits for access.
 */
export function ContentPacks({ ownedCourses }: { ownedCourses: { id: string; title: { zh: string; en: string } }[] }) {
  const { t, i18n } = useTranslation();
  const status = useSubscription('packs.watch', {}).value;
  const exportPack = useOperation('packs.export');
  const importPack = useOperation('packs.import');
  const [chosen, setChosen] = useState<string[]>([]);
  const [exportFolder, setExportFolder] = useState('');
  const [importFolder, setImportFolder] = useState('');
  const [error, setError] = useState<string | null>(null);
  const exportId = useId();
  const importId = useId();
  const busy = status !== undefined && status.operation !== 'idle';

  const run = async (event: FormEvent, work: () => Promise<Reply<unknown>>) => {
    event.preventDefault();
    setError(null);
    const reply = await work();
    if (!reply.ok) setError(`${t(`errors.${reply.error.code}`)} ${reply.error.message}`);
  };

  return (
    <section className="card packs" aria-labelledby="packs-title" data-testid="content-packs">
      <h2 id="packs-title">{t('packs.title')}</h2>
      <p className="field-group__help">{t('packs.help')}</p>
      <form
        className="field-group"
        onSubmit={(event) => void run(event, () => exportPack.run({ courseIds: chosen, folder: exportFolder }))}
      >
        <h3 className="field-group__title">{t('packs.export')}</h3>
        <div className="chip-list" role="group" aria-label={t('packs.courses')}>
          {ownedCourses.length === 0 && <span className="field-group__help">{t('packs.noCourses')}</span>}
          {ownedCourses.map((course) => (
            <button
              key={course.id}
              type="button"
              className="chip"
              aria-pressed={chosen.includes(course.id)}
              onClick={() =>
                setChosen((list) =>
                  list.includes(course.id) ? list.filter((id) => id !== course.id) : [...list, course.id],
                )
              }
            >
              {localized(course.title, i18n.language)}
            </button>
          ))}
        </div>
        <label htmlFor={exportId}>{t('packs.folder')}</label>
        <div className="inline-form">
          <input
            id={exportId}
            className="text-input mono"
            value={exportFolder}
            placeholder={t('packs.folderExample')}
            onChange={(event) => setExportFolder(event.target.value)}
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || chosen.length === 0 || exportFolder.trim() === ''}
          >
            {t('packs.exportButton')}
          </button>
        </div>
      </form>
      <form
        className="field-group"
        onSubmit={(event) => void run(event, () => importPack.run({ folder: importFolder }))}
      >
        <h3 className="field-group__title">{t('packs.import')}</h3>
        <label htmlFor={importId}>{t('packs.folder')}</label>
        <div className="inline-form">
          <input
            id={importId}
            className="text-input mono"
            value={importFolder}
            placeholder={t('packs.folderExample')}
            onChange={(event) => setImportFolder(event.target.value)}
          />
          <button type="submit" className="button" disabled={busy || importFolder.trim() === ''}>
            {t('packs.importButton')}
          </button>
        </div>
      </form>
      {busy && status && (
        <ProgressBar
          value={status.total === 0 ? 0 : status.done / status.total}
          label={t(status.operation === 'exporting' ? 'packs.exporting' : 'packs.importing', {
            done: status.done,
            total: status.total,
          })}
        />
      )}
      <p className="field-message" role="status" data-testid="packs-result">
        {!busy &&
          status?.lastExport &&
          t('packs.exported', {
            lessons: status.lastExport.lessons,
            size: formatBytes(status.lastExport.bytes, i18n.language),
            folder: status.lastExport.folder,
          })}
        {!busy &&
          status?.lastImport &&
          ` ${t('packs.imported', { lessons: status.lastImport.lessons, ready: status.lastImport.ready, waiting: status.lastImport.waiting })}`}
      </p>
      {error && (
        <p className="field-message field-message--invalid" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

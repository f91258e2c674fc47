import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** A search of an admin list: typed freely, run on Enter or "Find". */
export function AdminSearch({ label, onSearch }: { label: string; onSearch: (query: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft.trim());
  };
  return (
    <form className="inline-form" role="search" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        className="text-input"
        type="search"
        placeholder={label}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit" className="button">
        {t('admin.find')}
      </button>
    </form>
  );
}

/** What an admin list shows while it loads or when the server refused. */
export function AdminListState({ code }: { code: string | null }) {
  const { t } = useTranslation();
  const tr = t as unknown as (key: string) => string;
  return code === null ? (
    <div className="skeleton" aria-hidden="true" />
  ) : (
    <p className="banner banner--error" role="alert">
      {tr(`errors.${code}`)}
    </p>
  );
}

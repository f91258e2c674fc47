import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountProfile } from '../../../common/server-api/auth.js';
import { useOperation } from '../api/hooks.js';
import { FormMessage } from '../components/FormMessage.js';
import { useFormMessage } from '../app/form-message.js';
import { AvatarPicker } from './AvatarPicker.js';

/** A picture, name, a short biography (shown beside a creator's courses) and the languages the person reads. */
export function ProfileForm({ profile, onSaved }: { profile: AccountProfile; onSaved: (p: AccountProfile) => void }) {
  const { t } = useTranslation();
  const update = useOperation('account.updateProfile');
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [bio, setBio] = useState(profile.bio);
  const [languages, setLanguages] = useState(profile.languages);
  const [message, setMessage] = useFormMessage();
  const ids = { name: useId(), bio: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (displayName.trim() === '') {
      setMessage({ key: 'account.rule_nameRequired', error: true });
      return;
    }
    const reply = await update.run({ displayName, bio, languages });
    if (reply.ok) onSaved(reply.value);
    setMessage(
      reply.ok ? { key: 'account.profileSaved', error: false } : { key: `errors.${reply.error.code}`, error: true },
    );
  };
  const toggle = (language: 'zh-CN' | 'en') =>
    setLanguages((current) =>
      current.includes(language) ? current.filter((l) => l !== language) : [...current, language],
    );

  return (
    <form className="field-group account-section" onSubmit={(event) => void submit(event)} data-testid="profile-form">
      <h2 className="field-group__title">{t('account.profile')}</h2>
      <AvatarPicker profile={profile} onSaved={onSaved} />
      <div className="field">
        <label htmlFor={ids.name}>{t('account.displayName')}</label>
        <input
          id={ids.name}
          className="text-input"
          maxLength={80}
          value={displayName}
          onChange={(e) => {
            setDisplayName(e.target.value);
            setMessage(null);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.bio}>{t('account.bio')}</label>
        <textarea
          id={ids.bio}
          className="text-input"
          rows={3}
          maxLength={500}
          value={bio}
          onChange={(e) => {
            setBio(e.target.value);
            setMessage(null);
          }}
        />
        <p className="field-group__help">{t('account.bioHelp', { count: 500 - bio.length })}</p>
      </div>
      <fieldset className="choice-group">
        <legend>{t('account.languages')}</legend>
        {(['zh-CN', 'en'] as const).map((language) => (
          <label key={language} className="checkbox">
            <input type="checkbox" checked={languages.includes(language)} onChange={() => toggle(language)} />{' '}
            {language === 'zh-CN' ? '中文' : 'English'}
          </label>
        ))}
      </fieldset>
      <div className="inline-form">
        <button type="submit" className="button button--primary" disabled={update.running}>
          {t('account.saveProfile')}
        </button>
        <FormMessage message={message} />
      </div>
    </form>
  );
}

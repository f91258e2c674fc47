import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountProfile } from '../../../common/server-api/auth.js';
import { AVATAR_MAX_BYTES } from '../../../common/server-api/auth.js';
import { useOperation } from '../api/hooks.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { FormMessage } from '../components/FormMessage.js';

const SIZE = 192;

/**
 * Draws the chosen picture centred and cropped to a square, at 192 px, as WebP (or JPEG where
 * WebP cannot be written): a few kilobytes, whatever the camera made. Nothing of the original
 * file (its name, location or other metadata) leaves the device.
 */
async function squarePicture(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, SIZE, SIZE);
  bitmap.close();
  const webp = canvas.toDataURL('image/webp', 0.85);
  return webp.startsWith('data:image/webp') ? webp : canvas.toDataURL('image/jpeg', 0.85);
}

/** The person's picture, or their initial on a colour of their own. */
export function Avatar({
  profile,
  size = 64,
}: {
  profile: Pick<AccountProfile, 'avatar' | 'displayName' | 'id'>;
  size?: number;
}) {
  if (profile.avatar)
    return <img className="avatar" src={profile.avatar} alt="" width={size} height={size} data-testid="avatar" />;
  const hue = [...profile.id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 360;
  return (
    <span
      className="avatar avatar--initial"
      style={{ width: size, height: size, fontSize: size * 0.42, background: `hsl(${hue} 45% 34%)` }}
      aria-hidden="true"
    >
      {[...profile.displayName.trim()][0]?.toUpperCase() ?? '?'}
    </span>
  );
}

/** Choose, replace or remove the profile picture; saved at once. */
export function AvatarPicker({ profile, onSaved }: { profile: AccountProfile; onSaved: (p: AccountProfile) => void }) {
  const { t } = useTranslation();
  const update = useOperation('account.updateProfile');
  const [message, setMessage] = useFormMessage();
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const save = async (avatar: string | null) => {
    const reply = await update.run({ avatar });
    if (reply.ok) onSaved(reply.value);
    setMessage(replyMessage(reply, avatar ? 'account.avatarSaved' : 'account.avatarRemoved'));
  };
  const choose = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const picture = await squarePicture(file);
      if (atob(picture.slice(picture.indexOf(',') + 1)).length > AVATAR_MAX_BYTES)
        setMessage({ key: 'account.avatarTooLarge', error: true });
      else await save(picture);
    } catch {
      setMessage({ key: 'account.avatarUnreadable', error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="avatar-picker" data-testid="avatar-picker">
      <Avatar profile={profile} size={72} />
      <div className="avatar-picker__actions">
        <label htmlFor={inputId} className="button button--small">
          {profile.avatar ? t('account.avatarChange') : t('account.avatarChoose')}
        </label>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif,image/avif"
          disabled={busy}
          data-testid="avatar-file"
          onChange={(event) => {
            void choose(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        {profile.avatar && (
          <button type="button" className="button button--small" onClick={() => void save(null)}>
            {t('account.avatarRemove')}
          </button>
        )}
        <FormMessage message={message} testId="avatar-message" />
      </div>
    </div>
  );
}

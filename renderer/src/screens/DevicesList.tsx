import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceView } from '../../../common/server-api/auth.js';
import { useApi } from '../api/hooks.js';

/** The account's devices, from the server: this one marked, the others revocable (signed out at once). */
export function DevicesList() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [devices, setDevices] = useState<DeviceView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    void api.invoke('account.listDevices', {}).then((reply) => {
      if (!active) return;
      if (reply.ok) setDevices(reply.value);
      else setError(t(`errors.${reply.error.code}`));
    });
    return () => {
      active = false;
    };
  }, [api, t]);

  const revoke = async (device: DeviceView) => {
    if (!window.confirm(t('devices.confirm', { name: device.name }))) return;
    setBusy(device.id);
    const reply = await api.invoke('account.revokeDevice', { deviceId: device.id });
    setBusy(null);
    if (reply.ok) setDevices(reply.value);
    else setError(t(`errors.${reply.error.code}`));
  };

  return (
    <div>
      <h2 className="field-group__title">{t('devices.title')}</h2>
      {error && (
        <p className="field-message field-message--invalid" role="alert">
          {error}
        </p>
      )}
      {!devices && !error && <div className="skeleton" aria-hidden="true" />}
      {devices && (
        <ul className="devices" data-testid="devices">
          {devices
            .filter((d) => d.revokedAt === null)
            .map((device) => (
              <li key={device.id} className="device">
                <span>
                  <strong>{device.name}</strong>{' '}
                  {device.current && <span className="badge badge--ok">{t('devices.this')}</span>}
                  <span className="card__meta">
                    {' '}
                    · {device.platform} ·{' '}
                    {t('devices.lastSeen', { time: new Date(device.lastSeenAt).toLocaleString(i18n.language) })}
                  </span>
                </span>
                {!device.current && (
                  <button
                    type="button"
                    className="button button--small"
                    disabled={busy === device.id}
                    onClick={() => void revoke(device)}
                  >
                    {t('devices.revoke')}
                  </button>
                )}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useOperationResult } from '../api/hooks.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { FormMessage } from '../components/FormMessage.js';
import { AdminListState, AdminSearch } from './AdminSearch.js';

/** Users, newest first or found by a part of their address or name; a learner made a creator, or back. */
export function AdminUsers() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [query, setQuery] = useState('');
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useFormMessage();
  const reply = useOperationResult('admin.users', query ? { query, limit: 100 } : { limit: 100 }, version);
  const setRole = async (userId: string, role: 'learner' | 'creator') => {
    const answer = await api.invoke('admin.setRole', { userId, role });
    setMessage(replyMessage(answer, role === 'creator' ? 'admin.madeCreator' : 'admin.madeLearner'));
    setVersion((v) => v + 1);
  };
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });

  return (
    <div className="admin-list">
      <AdminSearch label={t('admin.findUser')} onSearch={setQuery} />
      <FormMessage message={message} testId="admin-users-message" />
      {!reply || !reply.ok ? (
        <AdminListState code={reply ? reply.error.code : null} />
      ) : reply.value.users.length === 0 ? (
        <p className="empty-state">{t('admin.noUsers')}</p>
      ) : (
        <>
          <p className="card__meta" role="status">
            {t('admin.usersShown', { count: reply.value.users.length, total: reply.value.total })}
          </p>
          <table className="table" data-testid="admin-users">
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.email')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.memberOf')}</th>
                <th scope="col">{t('admin.joined')}</th>
              </tr>
            </thead>
            <tbody>
              {reply.value.users.map((user) => (
                <tr key={user.id} data-testid="admin-user">
                  <td>{user.displayName}</td>
                  <td>
                    <span className="mono">{user.email}</span>{' '}
                    {user.emailVerified && <span className="badge">{t('admin.verified')}</span>}
                  </td>
                  <td>
                    {user.role === 'admin' ? (
                      t('admin.role_admin')
                    ) : (
                      <select
                        className="select"
                        aria-label={t('admin.roleOf', { name: user.displayName })}
                        value={user.role}
                        onChange={(event) => void setRole(user.id, event.target.value as 'learner' | 'creator')}
                      >
                        <option value="learner">{t('admin.role_learner')}</option>
                        <option value="creator">{t('admin.role_creator')}</option>
                      </select>
                    )}
                  </td>
                  <td>{user.organizations.join('、') || '—'}</td>
                  <td>{date.format(user.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

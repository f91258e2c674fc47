import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useOperationResult, useSubscription } from '../api/hooks.js';
import { replyMessage, useFormMessage } from '../app/form-message.js';
import { FormMessage } from '../components/FormMessage.js';
import { ProgressBar } from '../components/StarRating.js';
import { localized } from '../screens/format.js';

/**
 * Organizations and seat pools: create an organization (its administrator — someone with an
 * account — is invited, and joins by accepting), and grant an institution seats for a course.
 */
export function AdminOrganizations() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [version, setVersion] = useState(0);
  const organizations = useOperationResult('admin.organizations', {}, version);
  const pools = useOperationResult('admin.seatPools', {}, version);
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
  const refresh = () => setVersion((v) => v + 1);

  return (
    <div className="admin-list">
      <CreateOrganization onCreated={refresh} />
      <h2 className="field-group__title">{t('admin.organizations')}</h2>
      {!organizations ? (
        <div className="skeleton" aria-hidden="true" />
      ) : !organizations.ok ? (
        <p className="banner banner--error" role="alert">
          {t(`errors.${organizations.error.code}`)}
        </p>
      ) : organizations.value.length === 0 ? (
        <p className="empty-state">{t('admin.noOrganizations')}</p>
      ) : (
        <table className="table" data-testid="admin-organizations">
          <thead>
            <tr>
              <th scope="col">{t('admin.orgName')}</th>
              <th scope="col">{t('admin.members')}</th>
              <th scope="col">{t('admin.orgAdmins')}</th>
              <th scope="col">{t('admin.created')}</th>
            </tr>
          </thead>
          <tbody>
            {organizations.value.map((organization) => (
              <tr key={organization.id} data-testid="admin-organization">
                <td>{organization.name}</td>
                <td>
                  {organization.members}
                  {organization.invited > 0 && (
                    <span className="card__meta"> · {t('admin.invitedCount', { count: organization.invited })}</span>
                  )}
                </td>
                <td>{organization.admins.map((admin) => admin.displayName).join('、') || '—'}</td>
                <td>{date.format(organization.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 className="field-group__title">{t('admin.seatPools')}</h2>
      <CreateSeatPool
        institutions={organizations?.ok ? organizations.value.map((o) => o.name) : []}
        onCreated={refresh}
      />
      {pools?.ok &&
        (pools.value.length === 0 ? (
          <p className="empty-state">{t('admin.noPools')}</p>
        ) : (
          <table className="table" data-testid="admin-pools">
            <thead>
              <tr>
                <th scope="col">{t('admin.institution')}</th>
                <th scope="col">{t('admin.course')}</th>
                <th scope="col">{t('admin.seatsUsed')}</th>
                <th scope="col">{t('admin.manager')}</th>
              </tr>
            </thead>
            <tbody>
              {pools.value.map((pool) => (
                <tr key={pool.poolId} data-testid="admin-pool">
                  <td>{pool.institution}</td>
                  <td>{localized(pool.courseTitle, language)}</td>
                  <td>
                    <ProgressBar
                      value={pool.seatsUsed / pool.seatsTotal}
                      label={t('institution.seats', { used: pool.seatsUsed, total: pool.seatsTotal })}
                    />
                    <span className="card__meta">
                      {t('institution.seats', { used: pool.seatsUsed, total: pool.seatsTotal })}
                    </span>
                  </td>
                  <td>
                    {pool.manager.displayName} <span className="mono card__meta">{pool.manager.email}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}

function CreateOrganization({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const ids = { name: useId(), email: useId() };
  const [name, setName] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useFormMessage();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const reply = await api.invoke('admin.createOrganization', { name: name.trim(), adminEmail: adminEmail.trim() });
    setBusy(false);
    if (!reply.ok && reply.error.code === 'NOT_FOUND') setMessage({ key: 'admin.noSuchAccount', error: true });
    else setMessage(replyMessage(reply, 'admin.organizationCreated', { name: name.trim(), email: adminEmail.trim() }));
    if (reply.ok) {
      setName('');
      setAdminEmail('');
      onCreated();
    }
  };
  return (
    <form className="card field-group" onSubmit={(event) => void submit(event)} data-testid="create-organization">
      <h2 className="field-group__title">{t('admin.createOrganization')}</h2>
      <p className="field-group__help">{t('admin.createOrganizationHelp')}</p>
      <div className="editor__row">
        <div className="field">
          <label htmlFor={ids.name}>{t('admin.organizationName')}</label>
          <input
            id={ids.name}
            className="text-input"
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.email}>{t('admin.organizationAdmin')}</label>
          <input
            id={ids.email}
            className="text-input"
            type="email"
            required
            value={adminEmail}
            onChange={(e) => setAdminEmail(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={busy || !name.trim() || !adminEmail.trim()}>
          {t('admin.create')}
        </button>
      </div>
      <FormMessage message={message} testId="create-organization-message" />
    </form>
  );
}

function CreateSeatPool({ institutions, onCreated }: { institutions: string[]; onCreated: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const ids = {
    institution: useId(),
    course: useId(),
    courses: useId(),
    manager: useId(),
    seats: useId(),
    names: useId(),
  };
  const courses =
    useSubscription('catalog.watchCourses', { sort: 'popular', skip: 0, limit: 500 }).value?.courses ?? [];
  const [institution, setInstitution] = useState('');
  const [courseId, setCourseId] = useState('');
  const [managerEmail, setManagerEmail] = useState('');
  const [seats, setSeats] = useState('30');
  const [message, setMessage] = useFormMessage();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // The manager is named by address; the server takes their id.
    const found = await api.invoke('admin.users', { query: managerEmail.trim(), limit: 20 });
    const manager = found.ok
      ? found.value.users.find((user) => user.email.toLowerCase() === managerEmail.trim().toLowerCase())
      : undefined;
    if (!found.ok) return setMessage(replyMessage(found, ''));
    if (!manager) return setMessage({ key: 'admin.noSuchAccount', error: true });
    const reply = await api.invoke('admin.createSeatPool', {
      institution: institution.trim(),
      managerId: manager.id,
      courseId: courseId.trim(),
      seats: Number(seats),
    });
    setMessage(replyMessage(reply, 'admin.poolCreated', { seats: Number(seats), institution: institution.trim() }));
    if (reply.ok) onCreated();
  };
  return (
    <form className="card field-group" onSubmit={(event) => void submit(event)} data-testid="create-pool">
      <div className="editor__row">
        <div className="field">
          <label htmlFor={ids.institution}>{t('admin.institution')}</label>
          <input
            id={ids.institution}
            className="text-input"
            list={ids.names}
            required
            maxLength={120}
            value={institution}
            onChange={(e) => setInstitution(e.target.value)}
          />
          <datalist id={ids.names}>
            {institutions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={ids.course}>{t('admin.course')}</label>
          <select
            id={ids.course}
            className="select"
            required
            value={courseId}
            onChange={(e) => setCourseId(e.target.value)}
          >
            <option value="">{t('admin.chooseCourse')}</option>
            {courses.map((course) => (
              <option key={course.id} value={course.id}>
                {localized(course.title, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.manager}>{t('admin.manager')}</label>
          <input
            id={ids.manager}
            className="text-input"
            type="email"
            required
            value={managerEmail}
            onChange={(e) => setManagerEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.seats}>{t('admin.seats')}</label>
          <input
            id={ids.seats}
            className="text-input"
            type="number"
            min={1}
            max={100000}
            required
            value={seats}
            onChange={(e) => setSeats(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('admin.grantSeats')}
        </button>
      </div>
      <FormMessage message={message} testId="create-pool-message" />
    </form>
  );
}

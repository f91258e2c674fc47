import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  InstitutionOverview,
  InvitationView,
  MemberView,
  RosterImport,
  SeatPoolView,
} from '../../../common/contract/institution.js';
import type { Reply } from '../../../common/errors.js';
import { useApi, useSubscription } from '../api/hooks.js';
import { ProgressBar } from '../components/StarRating.js';
import { RedeemCodes } from './RedeemCodes.js';
import { csvDataUrl } from '../../../common/csv/csv-text.js';
import { examSummary, membersCsv } from './members-csv.js';
import { FormMessage } from '../components/FormMessage.js';
import { useFormMessage, type Message } from '../app/form-message.js';
import { localized } from './format.js';

/** Runs `load` now and whenever `version` changes; the last reply wins. */
function useLoaded<T>(load: () => Promise<Reply<T>>, version: string): Reply<T> | undefined {
  const [reply, setReply] = useState<Reply<T>>();
  useEffect(() => {
    let active = true;
    void load().then((result) => {
      if (active) setReply(result);
    });
    return () => {
      active = false;
    };
    // `version` says when to load again; `load` is a fresh closure each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);
  return reply;
}

/**
 * The institution admin: an organization's learners with their progress and last sync (and a
 * password for those imported without one), roster import with a preview of every problem,
 * and the seat pools the admin manages: who holds the seats, moving one, making redeem codes.
 */
export function InstitutionScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [version, setVersion] = useState(0);
  const overview = useLoaded<InstitutionOverview>(() => api.invoke('institution.overview', {}), String(version));
  const refresh = () => setVersion((v) => v + 1);
  const admined = overview?.ok ? overview.value.organizations.filter((o) => o.role === 'admin') : [];
  const [chosen, setChosen] = useState<string | null>(null);
  const organizationId = chosen ?? admined[0]?.id ?? null;
  const members = useLoaded<MemberView[]>(
    () =>
      organizationId
        ? api.invoke('institution.members', { organizationId })
        : Promise.resolve({ ok: true as const, value: [] }),
    `${organizationId}:${version}`,
  );
  const memberList = members?.ok ? members.value : [];
  const invitations = useLoaded<InvitationView[]>(() => api.invoke('institution.invitations', {}), String(version));
  const invitationList = invitations?.ok ? invitations.value : [];
  const [notice, setNotice] = useFormMessage();

  return (
    <section className="screen" aria-labelledby="institution-title">
      <h1 id="institution-title">{t('institution.title')}</h1>
      <FormMessage message={notice} testId="institution-notice" />
      {!overview ? (
        <div className="skeleton skeleton--tall" aria-hidden="true" />
      ) : !overview.ok ? (
        <p className="banner banner--error" role="alert">
          {t(`errors.${overview.error.code}`)}
        </p>
      ) : admined.length === 0 && overview.value.pools.length === 0 && invitationList.length === 0 ? (
        <p className="empty-state">{t('institution.nothing')}</p>
      ) : (
        <>
          {invitationList.length > 0 && (
            <Invitations list={invitationList} onAnswered={(message) => (setNotice(message), refresh())} />
          )}
          {admined.length > 1 && (
            <div className="chip-list" role="group" aria-label={t('institution.organizations')}>
              {admined.map((o) => (
                <button
                  key={o.id}
                  type="button"
                  className="chip"
                  aria-pressed={o.id === organizationId}
                  onClick={() => setChosen(o.id)}
                >
                  {o.name}
                </button>
              ))}
            </div>
          )}
          {organizationId && (
            <Members
              organizationId={organizationId}
              name={admined.find((o) => o.id === organizationId)?.name ?? ''}
              list={memberList}
              onChanged={refresh}
            />
          )}
          {organizationId && <Roster organizationId={organizationId} onImported={refresh} />}
          {overview.value.pools.length > 0 && (
            <SeatPools
              pools={overview.value.pools}
              candidates={memberList.filter((m) => m.status === 'member')}
              onChanged={refresh}
            />
          )}
        </>
      )}
    </section>
  );
}

/** Organizations inviting this account: joining is the account owner's choice, never the organization's. */
function Invitations({ list, onAnswered }: { list: InvitationView[]; onAnswered: (message: Message) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  // The outcome is shown by the screen: once answered, this card (and anything in it) goes away.
  const answer = async (invitationId: string, accept: boolean) => {
    const reply = await api.invoke('institution.answerInvitation', { invitationId, accept });
    onAnswered(
      reply.ok
        ? { key: accept ? 'institution.joined' : 'institution.declined', error: false }
        : { key: `errors.${reply.error.code}`, error: true },
    );
  };
  return (
    <section className="card" aria-labelledby="invitations-title" data-testid="invitations">
      <h2 id="invitations-title">{t('institution.invitations')}</h2>
      <ul className="invitation-list">
        {list.map((invitation) => (
          <li key={invitation.id} className="inline-form" data-testid="invitation">
            <span>
              {t(invitation.role === 'admin' ? 'institution.invitedAsAdmin' : 'institution.invitedAsLearner', {
                name: invitation.organization.name,
              })}
            </span>
            <button type="button" className="button button--primary" onClick={() => void answer(invitation.id, true)}>
              {t('institution.accept')}
            </button>
            <button type="button" className="button" onClick={() => void answer(invitation.id, false)}>
              {t('institution.decline')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Members({
  organizationId,
  name,
  list,
  onChanged,
}: {
  organizationId: string;
  name: string;
  list: MemberView[];
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [editing, setEditing] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [message, setMessage] = useFormMessage();
  const save = async (event: FormEvent, userId: string) => {
    event.preventDefault();
    const reply = await api.invoke('institution.resetPassword', { organizationId, userId, password });
    const invited = list.find((m) => m.userId === userId)?.status === 'invited';
    setMessage(
      reply.ok
        ? { key: invited ? 'institution.firstPasswordSet' : 'institution.passwordSet', error: false }
        : { key: `errors.${reply.error.code}`, error: true },
    );
    if (reply.ok) {
      setEditing(null);
      setPassword('');
      onChanged();
    }
  };
  const withdraw = async (invitationId: string) => {
    const reply = await api.invoke('institution.withdrawInvitation', { organizationId, invitationId });
    setMessage(
      reply.ok ? { key: 'institution.withdrawn', error: false } : { key: `errors.${reply.error.code}`, error: true },
    );
    if (reply.ok) onChanged();
  };
  return (
    <section className="card" aria-labelledby="members-title" data-testid="members">
      <h2 id="members-title">
        {t('institution.membersAndInvited', {
          name,
          count: list.filter((m) => m.status === 'member').length,
          invited: list.filter((m) => m.status === 'invited').length,
        })}
      </h2>
      <FormMessage message={message} />
      <a
        className="button button--small"
        download={`zhiku-members-${name}.csv`}
        href={csvDataUrl(membersCsv(list, t, i18n.language))}
        data-testid="members-csv"
      >
        {t('institution.exportMembers')}
      </a>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('institution.learner')}</th>
            <th>{t('institution.courses')}</th>
            <th>{t('institution.completion')}</th>
            <th>{t('institution.mastered')}</th>
            <th>{t('institution.exams')}</th>
            <th>{t('institution.certificates')}</th>
            <th>{t('institution.lastSynced')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((m) => (
            <tr key={m.userId} data-testid="member">
              <td>
                <strong>{m.displayName}</strong>{' '}
                {m.role === 'admin' && <span className="badge">{t('institution.admin')}</span>}{' '}
                {m.status === 'invited' && <span className="badge">{t('institution.invited')}</span>}
                <br />
                <span className="card__meta mono">{m.email}</span>
              </td>
              <td>{m.status === 'invited' ? '—' : m.courses}</td>
              <td className="data-table__bar">
                {m.status === 'invited' ? (
                  '—'
                ) : (
                  <ProgressBar value={m.completion} label={t('institution.completionOf', { name: m.displayName })} />
                )}
              </td>
              <td>{m.status === 'invited' ? '—' : m.exercisesMastered}</td>
              <td data-testid="member-exams">
                {m.status === 'invited' || m.exams.length === 0 ? (
                  '—'
                ) : (
                  <span title={examSummary(m, t, i18n.language)}>
                    {t('institution.examsPassedOf', {
                      passed: m.exams.filter((exam) => exam.passed).length,
                      count: m.exams.length,
                    })}
                  </span>
                )}
              </td>
              <td>{m.status === 'invited' ? '—' : m.certificates}</td>
              <td>
                {m.lastSyncedAt ? new Date(m.lastSyncedAt).toLocaleString(i18n.language) : t('institution.never')}
              </td>
              <td>
                {editing === m.userId ? (
                  <form className="inline-form" onSubmit={(event) => void save(event, m.userId)}>
                    <input
                      className="text-input"
                      type="password"
                      aria-label={t('institution.newPassword', { name: m.displayName })}
                      value={password}
                      minLength={10}
                      onChange={(event) => setPassword(event.target.value)}
                    />
                    <button type="submit" className="button button--primary">
                      {t('institution.save')}
                    </button>
                  </form>
                ) : (
                  <div className="inline-form">
                    {m.needsPassword && (
                      <button
                        type="button"
                        className={m.status === 'invited' ? 'button button--primary' : 'button'}
                        onClick={() => setEditing(m.userId)}
                      >
                        {m.status === 'invited' ? t('institution.setPassword') : t('institution.resetPassword')}
                      </button>
                    )}
                    {m.status === 'invited' && (
                      <button type="button" className="button" onClick={() => void withdraw(m.userId)}>
                        {t('institution.withdraw')}
                      </button>
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-group__help">{t('institution.invitedHelp')}</p>
    </section>
  );
}

function Roster({ organizationId, onImported }: { organizationId: string; onImported: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<RosterImport | null>(null);
  const [message, setMessage] = useFormMessage();
  const check = async () => {
    const reply = await api.invoke('institution.roster', { organizationId, csv, dryRun: true });
    if (reply.ok) setPreview(reply.value);
    else setMessage({ key: `errors.${reply.error.code}`, error: true });
  };
  const commit = async () => {
    const reply = await api.invoke('institution.roster', { organizationId, csv, dryRun: false });
    setMessage(
      reply.ok
        ? { key: 'institution.imported', values: { count: reply.value.rows.length }, error: false }
        : { key: `errors.${reply.error.code}`, error: true },
    );
    if (reply.ok) {
      setPreview(null);
      setCsv('');
      onImported();
    }
  };
  const counts = (status: RosterImport['rows'][number]['status']) =>
    preview?.rows.filter((r) => r.status === status).length ?? 0;
  return (
    <section className="card" aria-labelledby="roster-title" data-testid="roster">
      <h2 id="roster-title">{t('institution.roster')}</h2>
      <p className="field-group__help">{t('institution.rosterHelp')}</p>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label={t('institution.rosterFile')}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void file.text().then((text) => (setCsv(text), setPreview(null)));
        }}
      />
      <textarea
        className="text-input mono"
        rows={5}
        aria-label={t('institution.rosterText')}
        value={csv}
        placeholder="email,name,role"
        onChange={(event) => (setCsv(event.target.value), setPreview(null))}
      />
      <div className="inline-form">
        <button type="button" className="button" disabled={csv.trim() === ''} onClick={() => void check()}>
          {t('institution.preview')}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={!preview || preview.problems.length > 0 || preview.rows.length === 0}
          onClick={() => void commit()}
        >
          {t('institution.import')}
        </button>
      </div>
      {preview && (
        <div data-testid="roster-preview">
          <p>
            {t('institution.previewSummary', {
              toInvite: counts('to-invite'),
              invited: counts('already-invited'),
              members: counts('already-member'),
              problems: preview.problems.length,
            })}
          </p>
          {preview.problems.length > 0 && (
            <ul className="problem-list" role="alert">
              {preview.problems.map((p) => (
                <li key={p.line} data-testid="roster-problem">
                  {t('institution.line', { line: p.line })} {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <FormMessage message={message} testId="roster-message" />
    </section>
  );
}

function SeatPools({
  pools,
  candidates,
  onChanged,
}: {
  pools: SeatPoolView[];
  candidates: MemberView[];
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const courses = useSubscription('catalog.watchCourses', { sort: 'newest', limit: 500 }).value;
  const [codes, setCodes] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useFormMessage();
  const [target, setTarget] = useState<Record<string, string>>({});
  const titleOf = (courseId: string) => {
    const course = courses?.courses.find((c) => c.id === courseId);
    return course ? localized(course.title, i18n.language) : courseId;
  };
  const makeCodes = async (poolId: string) => {
    const reply = await api.invoke('institution.createCodes', { poolId, count: 5, maxUses: 1 });
    if (reply.ok) setCodes((all) => ({ ...all, [poolId]: reply.value.codes }));
    else setMessage({ key: `errors.${reply.error.code}`, error: true });
  };
  const move = async (poolId: string, fromUserId: string) => {
    const toUserId = target[`${poolId}:${fromUserId}`] ?? '';
    const reply = await api.invoke('institution.reassignSeat', { poolId, fromUserId, toUserId });
    setMessage(
      reply.ok ? { key: 'institution.moved', error: false } : { key: `errors.${reply.error.code}`, error: true },
    );
    if (reply.ok) onChanged();
  };
  return (
    <section className="card" aria-labelledby="pools-title" data-testid="seat-pools">
      <h2 id="pools-title">{t('institution.pools')}</h2>
      <FormMessage message={message} />
      {pools.map((pool) => (
        <article key={pool.poolId} className="pool" data-testid="seat-pool">
          <h3>
            {pool.institution} · {titleOf(pool.courseId)}
          </h3>
          <ProgressBar
            value={pool.seatsUsed / pool.seatsTotal}
            label={t('institution.seats', { used: pool.seatsUsed, total: pool.seatsTotal })}
          />
          <p className="card__meta">{t('institution.seats', { used: pool.seatsUsed, total: pool.seatsTotal })}</p>
          <ul className="pool__holders">
            {pool.holders.map((h) => (
              <li key={h.userId} className="inline-form">
                <span>
                  {h.displayName} <span className="mono card__meta">{h.email}</span>
                </span>
                <select
                  className="text-input"
                  aria-label={t('institution.moveTo', { name: h.displayName })}
                  value={target[`${pool.poolId}:${h.userId}`] ?? ''}
                  onChange={(event) =>
                    setTarget((all) => ({ ...all, [`${pool.poolId}:${h.userId}`]: event.target.value }))
                  }
                >
                  <option value="">{t('institution.chooseLearner')}</option>
                  {candidates
                    .filter((c) => !pool.holders.some((holder) => holder.userId === c.userId))
                    .map((c) => (
                      <option key={c.userId} value={c.userId}>
                        {c.displayName} ({c.email})
                      </option>
                    ))}
                </select>
                <button
                  type="button"
                  className="button"
                  disabled={!target[`${pool.poolId}:${h.userId}`]}
                  onClick={() => void move(pool.poolId, h.userId)}
                >
                  {t('institution.move')}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="button" onClick={() => void makeCodes(pool.poolId)}>
            {t('institution.makeCodes')}
          </button>
          {codes[pool.poolId] && (
            <RedeemCodes codes={codes[pool.poolId]!} course={titleOf(pool.courseId)} institution={pool.institution} />
          )}
        </article>
      ))}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { CopyButton } from '@/components/ui/copy-button';
import { SelectField, TextField } from '@/components/ui/fields';
import { FormAlert, Loading, fieldErrorsOf } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/dates';
import { useSession } from '@/lib/session';
import NotFoundPage from '@/app/routes/not-found-page';
import {
  memberName,
  useAssociation,
  useChangeMemberRole,
  useCreateInvitation,
  useMembers,
  useRemoveMember,
  useUpdateAssociation,
  type InvitationLink,
  type Member,
  type Role,
} from '../api/associations';
import { AssociationForm } from './association-form';

export default function AssociationPage() {
  const { t } = useTranslation();
  const { associationId = '' } = useParams();
  const session = useSession();
  const association = useAssociation(associationId);
  const members = useMembers(associationId);
  const [editing, setEditing] = useState(false);
  const update = useUpdateAssociation(associationId);

  if (association.isPending) return <Loading />;
  if (isApiError(association.error, 404)) return <NotFoundPage />;
  if (association.error) return <FormAlert error={association.error} />;

  const a = association.data;
  const me = members.data?.find((member) => member.userId === session?.user.id);
  const isAdmin = me?.role === 'admin';

  return (
    <Page
      title={a.name}
      actions={
        isAdmin &&
        !editing && (
          <Button variant="secondary" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        )
      }
    >
      {editing ? (
        <section className="card">
          <AssociationForm
            initial={a}
            submitLabel={t('common.save')}
            busy={update.isPending}
            error={update.error}
            onSubmit={(input) => update.mutate(input, { onSuccess: () => setEditing(false) })}
          />
          <Button variant="ghost" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </Button>
        </section>
      ) : (
        <section className="card" aria-label={t('associations.profile')}>
          {a.description ? <p className="prewrap">{a.description}</p> : <p className="muted">{t('associations.noDescription')}</p>}
          <dl className="facts">
            {a.city && (
              <>
                <dt>{t('associations.city')}</dt>
                <dd>{a.city}</dd>
              </>
            )}
            {a.neighbourhood && (
              <>
                <dt>{t('associations.neighbourhood')}</dt>
                <dd>{a.neighbourhood}</dd>
              </>
            )}
            {a.contactEmail && (
              <>
                <dt>{t('associations.contactEmail')}</dt>
                <dd>
                  <a href={`mailto:${a.contactEmail}`}>{a.contactEmail}</a>
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      {members.data && <MembersSection associationId={associationId} members={members.data} isAdmin={isAdmin} myUserId={session?.user.id} />}
      {isAdmin && <InvitationSection associationId={associationId} />}
    </Page>
  );
}

export function MembersSection({
  associationId,
  members,
  isAdmin,
  myUserId,
}: {
  associationId: string;
  members: Member[];
  isAdmin: boolean;
  myUserId?: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const changeRole = useChangeMemberRole(associationId);
  const remove = useRemoveMember(associationId);
  // The server refuses the last admin's leaving or demotion (409): not offered, and said why.
  const soleAdminId = members.filter((member) => member.role === 'admin').length === 1 ? members.find((member) => member.role === 'admin')?.userId : undefined;
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t('associations.members', { count: members.length })}</h2>
      <FormAlert error={changeRole.error ?? remove.error} />
      <ul className="rows">
        {members.map((member) => {
          const name = memberName(member);
          const isMe = member.userId === myUserId;
          const isSoleAdmin = member.userId === soleAdminId;
          const soleAdminNoteId = `sole-admin-${member.userId}`;
          return (
            <li key={member.userId} className="row">
              <span className="row__main">
                {name} {isMe && <span className="badge">{t('common.you')}</span>}
              </span>
              {isAdmin ? (
                <label className="inline-field">
                  <span className="visually-hidden">{t('associations.roleOf', { name })}</span>
                  <select
                    value={member.role}
                    disabled={isSoleAdmin}
                    aria-describedby={isSoleAdmin ? soleAdminNoteId : undefined}
                    onChange={(event) => changeRole.mutate({ userId: member.userId, role: event.target.value as Role })}
                  >
                    <option value="admin">{t('roles.admin')}</option>
                    <option value="member">{t('roles.member')}</option>
                  </select>
                </label>
              ) : (
                <span className="badge">{t(`roles.${member.role}`)}</span>
              )}
              {isSoleAdmin && (isAdmin || isMe) && (
                <p id={soleAdminNoteId} className="muted row__note">
                  {t('associations.lastAdmin')}
                </p>
              )}
              {(isAdmin || isMe) && !isSoleAdmin && (
                <ConfirmButton
                  question={isMe ? t('associations.leaveConfirm') : t('associations.removeConfirm', { name })}
                  busy={remove.isPending}
                  onConfirm={() => remove.mutate(member.userId, { onSuccess: () => isMe && navigate('/associations') })}
                >
                  {isMe ? t('associations.leave') : t('associations.remove')}
                </ConfirmButton>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function InvitationSection({ associationId }: { associationId: string }) {
  const { t, i18n } = useTranslation();
  const create = useCreateInvitation(associationId);
  const [link, setLink] = useState<InvitationLink | null>(null);
  const fieldError = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    create.mutate({ email: email || undefined, role: form.get('role') as Role }, { onSuccess: setLink });
  };
  const url = link ? `${window.location.origin}/invitations/${link.token}` : '';
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('associations.inviteTitle')}</h2>
      <p>{t('associations.inviteBody')}</p>
      <form onSubmit={submit} className="form" noValidate>
        <FormAlert error={create.error} />
        <div className="form__row">
          <TextField label={t('associations.inviteEmail')} name="email" type="email" hint={t('common.optional')} error={fieldError('email')} />
          <SelectField label={t('associations.role')} name="role" defaultValue="member" error={fieldError('role')}>
            <option value="member">{t('roles.member')}</option>
            <option value="admin">{t('roles.admin')}</option>
          </SelectField>
        </div>
        <Button type="submit" busy={create.isPending}>
          {t('associations.createLink')}
        </Button>
      </form>
      {link && (
        <div className="invitation-link">
          <TextField label={t('associations.inviteLink')} value={url} readOnly onFocus={(event) => event.currentTarget.select()} />
          <CopyButton text={url} />
          <p className="muted">{t('associations.expiresAt', { date: formatDateTime(link.expiresAt, i18n.language) })}</p>
        </div>
      )}
    </section>
  );
}

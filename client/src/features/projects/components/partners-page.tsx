import { useDeferredValue, useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { SelectField, TextAreaField, TextField } from '@/components/ui/fields';
import { FormAlert, Notice, QueryBoundary, fieldErrorsOf } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/dates';
import { myRoleIn, useDirectory } from '@/features/associations/api/associations';
import { useCharter, useInvitePartner, usePartnerAction, useRemovePartner, useSignCharter, useUpdateCharter, type Charter } from '../api/projects';
import { useWorkspace } from '../api/workspace-context';
import { CharterText } from './charter-text';
import { CharterDecisionLink } from '@/features/decisions/components/charter-decision-link';

export default function PartnersPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const workspace = useWorkspace();
  const { project, partners, associationNames, isCoordinatorAdmin } = workspace;
  const charter = useCharter(project.id);
  const remove = useRemovePartner(project.id);
  const action = usePartnerAction(project.id);
  const adminIds = new Set(workspace.myAssociations.filter((association) => myRoleIn(association) !== 'member').map((association) => association.id));

  const signedCurrent = (associationId: string, current: Charter) =>
    current.signatures.some((signature) => signature.associationId === associationId && signature.version === current.version);

  return (
    <Page title={t('partners.title')}>
      <QueryBoundary query={charter}>
        {() => (
          <>
            <section aria-labelledby="partners-list" className="section">
              <h2 id="partners-list">{t('partners.listTitle')}</h2>
              <FormAlert error={remove.error ?? action.error} />
              <ul className="rows">
                {partners.map((partner) => {
                  const name = associationNames.get(partner.associationId) ?? partner.associationId;
                  const isCoordinator = partner.associationId === project.coordinatorAssociationId;
                  const canLeave = adminIds.has(partner.associationId) && partner.status === 'active' && !isCoordinator;
                  const canRemove = isCoordinatorAdmin && !isCoordinator && (partner.status === 'active' || partner.status === 'invited');
                  return (
                    <li key={partner.associationId} className="row">
                      <span className="row__main">
                        {name} {isCoordinator && <span className="badge badge--accent">{t('partners.coordinator')}</span>}
                      </span>
                      <span className={`badge badge--${partner.status}`}>{t(`partnerStatus.${partner.status}`)}</span>
                      {partner.status === 'active' &&
                        (signedCurrent(partner.associationId, charter.data!) ? (
                          <span className="badge badge--ok">{t('partners.signedCurrent')}</span>
                        ) : (
                          <span className="badge badge--warning">{t('partners.notSignedCurrent')}</span>
                        ))}
                      {canLeave && (
                        <ConfirmButton
                          question={t('partners.leaveConfirm', { name })}
                          onConfirm={() => action.mutate({ associationId: partner.associationId, action: 'leave' }, { onSuccess: () => navigate('/projects') })}
                        >
                          {t('partners.leave')}
                        </ConfirmButton>
                      )}
                      {canRemove && (
                        <ConfirmButton question={t('partners.removeConfirm', { name })} onConfirm={() => remove.mutate(partner.associationId)}>
                          {t('partners.remove')}
                        </ConfirmButton>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>

            {isCoordinatorAdmin && <InvitePartner />}

            <section aria-labelledby="charter-section" className="section">
              <h2 id="charter-section" className="visually-hidden">
                {t('charter.title')}
              </h2>
              <CharterText charter={charter.data!} />
              <CharterDecisionLink projectId={project.id} charter={charter.data!} />
              <SignCharter charter={charter.data!} signerIds={[...adminIds].filter((id) => workspace.myActivePartnerIds.includes(id))} />
              {isCoordinatorAdmin && <EditCharter charter={charter.data!} />}
              <h3>{t('charter.signatures')}</h3>
              {charter.data!.signatures.length === 0 ? (
                <p className="muted">{t('charter.noSignatures')}</p>
              ) : (
                <div className="table-scroll" tabIndex={0} role="region" aria-label={t('charter.signatures')}>
                  <table className="table--stack">
                    <thead>
                      <tr>
                        <th scope="col">{t('charter.association')}</th>
                        <th scope="col">{t('charter.version')}</th>
                        <th scope="col">{t('charter.signedBy')}</th>
                        <th scope="col">{t('charter.signedAt')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...charter.data!.signatures]
                        .sort((a, b) => b.signedAt.localeCompare(a.signedAt))
                        .map((signature) => (
                          <tr key={`${signature.associationId}-${signature.version}-${signature.signedAt}`}>
                            <td data-label={t('charter.association')}>{associationNames.get(signature.associationId) ?? signature.associationId}</td>
                            <td data-label={t('charter.version')}>{signature.version}</td>
                            <td data-label={t('charter.signedBy')}>
                              {(signature.signedBy && workspace.people.get(signature.signedBy)) || t('activity.someone')}
                            </td>
                            <td data-label={t('charter.signedAt')}>{formatDateTime(signature.signedAt, i18n.language)}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </>
        )}
      </QueryBoundary>
    </Page>
  );
}

function SignCharter({ charter, signerIds }: { charter: Charter; signerIds: string[] }) {
  const { t } = useTranslation();
  const { project, associationNames } = useWorkspace();
  const sign = useSignCharter(project.id);
  const unsigned = signerIds.filter((id) => !charter.signatures.some((signature) => signature.associationId === id && signature.version === charter.version));
  if (unsigned.length === 0) return null;
  return (
    <div className="actions">
      {isApiError(sign.error, 409) ? (
        <div className="alert alert--warning" role="alert">
          {t('charter.newVersion')}
        </div>
      ) : (
        <FormAlert error={sign.error} />
      )}
      {unsigned.map((associationId) => (
        <Button key={associationId} busy={sign.isPending} onClick={() => sign.mutate({ associationId, version: charter.version })}>
          {t('charter.signFor', { association: associationNames.get(associationId) ?? associationId, version: charter.version })}
        </Button>
      ))}
    </div>
  );
}

export function EditCharter({ charter }: { charter: Charter }) {
  const { t } = useTranslation();
  const { project } = useWorkspace();
  const update = useUpdateCharter(project.id);
  const [editing, setEditing] = useState(false);
  const signingNoteId = useId();
  if (!editing)
    return (
      <Button variant="secondary" onClick={() => setEditing(true)}>
        {t('charter.edit')}
      </Button>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('text'));
    update.mutate(text, { onSuccess: () => setEditing(false) });
  };
  return (
    <form onSubmit={submit} className="form">
      <FormAlert error={update.error} />
      <TextAreaField
        label={t('charter.text')}
        name="text"
        defaultValue={charter.text}
        rows={14}
        hint={t('charter.editHint')}
        error={fieldErrorsOf(update.error)('text')}
      />
      <p id={signingNoteId} className="signing-note">
        {t('signing.onPublish', { version: charter.version + 1, association: project.coordinator?.name ?? '' })}
      </p>
      <div className="actions">
        <Button type="submit" busy={update.isPending} aria-describedby={signingNoteId}>
          {t('charter.publish')}
        </Button>
        <Button variant="ghost" onClick={() => setEditing(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function InvitePartner() {
  const { t } = useTranslation();
  const { project, partners } = useWorkspace();
  const invite = useInvitePartner(project.id);
  const [q, setQ] = useState('');
  const directory = useDirectory(useDeferredValue(q.trim()), '');
  const taken = new Set(partners.filter((partner) => partner.status === 'active' || partner.status === 'invited').map((partner) => partner.associationId));
  const candidates = (directory.data?.items ?? []).filter((association) => !taken.has(association.id));
  const fieldError = fieldErrorsOf(invite.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const message = String(form.get('message') ?? '').trim();
    invite.mutate({ associationId: String(form.get('associationId')), message: message || undefined }, { onSuccess: () => event.currentTarget?.reset() });
  };
  return (
    <section className="card" aria-labelledby="invite-partner">
      <h2 id="invite-partner">{t('partners.inviteTitle')}</h2>
      {invite.isSuccess && <Notice tone="success">{t('partners.invited')}</Notice>}
      <form onSubmit={submit} className="form" noValidate>
        <FormAlert error={invite.error} />
        <TextField label={t('partners.searchAssociation')} type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        <SelectField label={t('partners.association')} name="associationId" required error={fieldError('associationId')}>
          {candidates.length === 0 && <option value="">{t('partners.noCandidate')}</option>}
          {candidates.map((association) => (
            <option key={association.id} value={association.id}>
              {association.name}
              {association.city ? ` (${association.city})` : ''}
            </option>
          ))}
        </SelectField>
        <TextAreaField label={t('partners.message')} name="message" hint={t('common.optional')} error={fieldError('message')} />
        <Button type="submit" busy={invite.isPending} disabled={candidates.length === 0}>
          {t('partners.invite')}
        </Button>
      </form>
    </section>
  );
}

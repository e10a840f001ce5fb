import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { EmptyState, Notice, QueryBoundary } from '@/components/ui/feedback';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { recordableAssociationIds, useContributions, useCreateContribution, type Contribution } from '../api/contributions';
import { formatEuros } from '../api/format';
import { ContributionForm } from './contribution-form';
import { ContributionItem } from './contribution-item';
import { ReportDownload } from './report-download';
import { VolunteerRate } from './volunteer-rate';
import './contributions.css';

/** The "Apports" tab: each partner's contributions (recorded and derived), the volunteer rate and the report. */
export default function ContributionsPage() {
  const { t, i18n } = useTranslation();
  const workspace = useWorkspace();
  const { project } = workspace;
  const contributions = useContributions(project.id);
  const create = useCreateContribution(project.id);
  const [formKey, setFormKey] = useState(0);
  const [added, setAdded] = useState(false);
  const recordable = recordableAssociationIds({
    activePartnerIds: workspace.activePartners.map((partner) => partner.associationId),
    isCoordinatorAdmin: workspace.isCoordinatorAdmin,
    myAssociations: workspace.myAssociations,
  });
  const recordableSet = new Set(recordable);
  const nameOf = (id: string) => workspace.associationNames.get(id) ?? t('common.unknown');

  return (
    <Page title={t('contributions.title')}>
      <p className="muted">{t('contributions.intro')}</p>

      <section aria-labelledby="add-contribution" className="card">
        <h2 id="add-contribution">{t('contributions.form.add')}</h2>
        {recordable.length ? (
          <ContributionForm
            key={formKey}
            associations={recordable.map((id) => ({ id, name: nameOf(id) }))}
            submitLabel={t('contributions.form.submit')}
            busy={create.isPending}
            error={create.error}
            onSubmit={(input) => {
              setAdded(false);
              create.mutate(input, {
                onSuccess: () => {
                  setFormKey((key) => key + 1);
                  setAdded(true);
                },
              });
            }}
          />
        ) : (
          <p className="muted">{t('contributions.form.cannotRecord')}</p>
        )}
        {added && <Notice tone="success">{t('contributions.added')}</Notice>}
      </section>

      <QueryBoundary query={contributions}>
        {() => {
          const items = contributions.data ?? [];
          const byAssociation = new Map<string, Contribution[]>(workspace.activePartners.map((partner) => [partner.associationId, []]));
          for (const item of items) byAssociation.set(item.associationId, [...(byAssociation.get(item.associationId) ?? []), item]);
          if (!items.length) return <EmptyState title={t('contributions.empty')} />;
          return [...byAssociation.entries()].map(([associationId, list]) => {
            const total = list.reduce((sum, item) => sum + item.valueEuros, 0);
            const headingId = `partner-${associationId}`;
            return (
              <section key={associationId} aria-labelledby={headingId} className="section contribution-partner">
                <h2 id={headingId} className="contribution-partner__heading">
                  <span>{nameOf(associationId)}</span>
                  <span className="contribution-partner__total">{t('contributions.partnerTotal', { value: formatEuros(total, i18n.language) })}</span>
                </h2>
                {list.length ? (
                  <ul className="card-list">
                    {[...list]
                      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
                      .map((item) => (
                        <ContributionItem key={item.id} projectId={project.id} item={item} canEdit={recordableSet.has(item.associationId)} />
                      ))}
                  </ul>
                ) : (
                  <p className="muted">{t('contributions.partnerEmpty')}</p>
                )}
              </section>
            );
          });
        }}
      </QueryBoundary>

      <VolunteerRate project={project} editable={workspace.isCoordinatorAdmin} />
      <ReportDownload projectId={project.id} />
    </Page>
  );
}

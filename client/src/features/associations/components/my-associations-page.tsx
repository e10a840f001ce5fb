import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { EmptyState, QueryBoundary } from '@/components/ui/feedback';
import { myRoleIn, useCreateAssociation, useMyAssociations } from '../api/associations';
import { AssociationForm } from './association-form';

export default function MyAssociationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const associations = useMyAssociations();
  const create = useCreateAssociation();
  const [creating, setCreating] = useState(false);

  return (
    <Page
      title={t('associations.mineTitle')}
      actions={
        !creating && (
          <Button onClick={() => setCreating(true)} aria-expanded={creating}>
            {t('associations.create')}
          </Button>
        )
      }
    >
      {creating && (
        <section className="card" aria-labelledby="new-association">
          <h2 id="new-association">{t('associations.createTitle')}</h2>
          <AssociationForm
            submitLabel={t('associations.create')}
            busy={create.isPending}
            error={create.error}
            onSubmit={(input) => create.mutate(input, { onSuccess: (association) => navigate(`/associations/${association.id}`) })}
          />
          <Button variant="ghost" onClick={() => setCreating(false)}>
            {t('common.cancel')}
          </Button>
        </section>
      )}
      <QueryBoundary query={associations}>
        {() =>
          associations.data!.length === 0 ? (
            <EmptyState title={t('associations.emptyTitle')} action={<Link to="/directory">{t('associations.browseDirectory')}</Link>}>
              <p>{t('associations.emptyBody')}</p>
            </EmptyState>
          ) : (
            <ul className="card-list">
              {associations.data!.map((association) => (
                <li key={association.id} className="card">
                  <h2>
                    <Link to={`/associations/${association.id}`}>{association.name}</Link>
                  </h2>
                  <p className="muted">
                    {[association.neighbourhood, association.city].filter(Boolean).join(' · ')}
                    {myRoleIn(association) && <span className="badge">{t(`roles.${myRoleIn(association)}`)}</span>}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </QueryBoundary>
    </Page>
  );
}

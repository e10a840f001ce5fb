import type { ResourceView } from '@maillage/contract';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { EmptyState, FormAlert, Loading, QueryBoundary } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import { myRoleIn, useMyAssociations } from '@/features/associations/api/associations';
import { useCreateResource } from '../api/create-resource';
import { resourceKeys } from '../api/keys';
import { useResource } from '../api/resource';
import { useUpdateResource } from '../api/update-resource';
import { useRemoveResource } from '../api/remove-resource';
import { ResourceForm } from './resource-form';
import './resources.css';

/** /resources/new: publish a resource for an association I administer. */
export function CreateResourcePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const associations = useMyAssociations();
  const create = useCreateResource();
  const administered = (associations.data ?? []).filter((association) => myRoleIn(association) === 'admin');
  return (
    <Page title={t('resources.createTitle')}>
      {associations.isPending ? (
        <Loading />
      ) : administered.length === 0 ? (
        <EmptyState title={t('resources.notAdmin')} />
      ) : (
        <ResourceForm
          associations={administered}
          submitLabel={t('resources.create')}
          busy={create.isPending}
          error={create.error}
          onSubmit={({ associationId, input }) => create.mutate({ associationId, input }, { onSuccess: (resource) => navigate(`/resources/${resource.id}`) })}
        />
      )}
    </Page>
  );
}

/** /resources/:resourceId/edit: a stale version answers 409 with the current one, which the form then shows. */
export function EditResourcePage() {
  const { resourceId = '' } = useParams();
  const resource = useResource(resourceId);
  return <QueryBoundary query={resource}>{() => <EditResource resource={resource.data!} />}</QueryBoundary>;
}

function EditResource({ resource }: { resource: ResourceView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const update = useUpdateResource(resource.id);
  const remove = useRemoveResource(resource.id);
  return (
    <Page title={t('resources.editTitle', { name: resource.name })}>
      {/* keyed by version: after a stale edit the fields start again from the current version */}
      <ResourceForm
        key={resource.version}
        initial={resource}
        submitLabel={t('common.save')}
        busy={update.isPending}
        error={update.error}
        onSubmit={({ input }) =>
          update.mutate(
            { ...input, version: resource.version },
            {
              onSuccess: () => navigate(`/resources/${resource.id}`),
              onError: (error) => {
                const current = isApiError(error, 409) ? (error.problem.current as ResourceView | undefined) : undefined;
                if (current?.id) queryClient.setQueryData(resourceKeys.resource(resource.id), current);
              },
            },
          )
        }
      />
      <section className="card card--danger" aria-labelledby="withdraw-heading">
        <h2 id="withdraw-heading">{t('resources.withdrawTitle')}</h2>
        <p>{t('resources.withdrawBody')}</p>
        <FormAlert error={remove.error} />
        <ConfirmButton
          question={t('resources.withdrawQuestion')}
          busy={remove.isPending}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/resources') })}
        >
          {t('resources.withdraw')}
        </ConfirmButton>
      </section>
    </Page>
  );
}

export default CreateResourcePage;

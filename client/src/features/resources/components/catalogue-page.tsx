import type { ResourceView } from '@maillage/contract';
import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { SelectField, TextField } from '@/components/ui/fields';
import { EmptyState, QueryBoundary } from '@/components/ui/feedback';
import { myRoleIn, useMyAssociations } from '@/features/associations/api/associations';
import { fromParisInputValue } from '@/features/calendar/paris-time';
import { useCatalogue } from '../api/catalogue';
import { useAssociationNames } from '../api/association-names';
import { RESOURCE_KINDS } from '../api/types';
import './resources.css';

export default function CataloguePage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fromIso = fromParisInputValue(from);
  const toIso = fromParisInputValue(to);
  const periodInvalid = !!fromIso && !!toIso && toIso <= fromIso;
  const period = fromIso && toIso && !periodInvalid ? { from: fromIso, to: toIso } : {};
  const catalogue = useCatalogue({ q: useDeferredValue(q.trim()), kind, ...period });
  const associations = useMyAssociations();
  const canPublish = associations.data?.some((association) => myRoleIn(association) === 'admin');
  const ownerName = useAssociationNames(catalogue.data?.items.map((item) => item.associationId) ?? []);
  const filtered = !!(q.trim() || kind || period.from);
  const publishLink = (variant: 'primary' | 'secondary') =>
    canPublish && (
      <Link className={`button button--${variant}`} to="/resources/new">
        {t('resources.publish')}
      </Link>
    );

  return (
    <Page title={t('resources.title')} actions={publishLink('primary')}>
      <form role="search" className="filters catalogue-filters" onSubmit={(event) => event.preventDefault()}>
        <TextField label={t('resources.search')} hint={t('resources.searchHint')} type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        <SelectField label={t('resources.kind')} value={kind} onChange={(event) => setKind(event.target.value)}>
          <option value="">{t('resources.allKinds')}</option>
          {RESOURCE_KINDS.map((option) => (
            <option key={option} value={option}>
              {t(`resources.kindsPlural.${option}`)}
            </option>
          ))}
        </SelectField>
        <fieldset className="catalogue-filters__period">
          <legend>{t('resources.periodHint')}</legend>
          <TextField label={t('resources.freeFrom')} type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} />
          <TextField
            label={t('resources.freeTo')}
            type="datetime-local"
            value={to}
            min={from || undefined}
            onChange={(event) => setTo(event.target.value)}
            error={periodInvalid ? t('resources.periodInvalid') : undefined}
          />
        </fieldset>
      </form>
      <QueryBoundary query={catalogue}>
        {() =>
          catalogue.data!.items.length === 0 ? (
            filtered ? (
              <EmptyState title={t('resources.noMatchTitle')}>
                <p>{t('resources.noMatchBody')}</p>
              </EmptyState>
            ) : (
              <EmptyState title={t('resources.emptyTitle')} action={publishLink('secondary')}>
                <p>{t('resources.emptyBody')}</p>
              </EmptyState>
            )
          ) : (
            <ul className="card-list" aria-live="polite">
              {catalogue.data!.items.map((resource) => (
                <ResourceCard key={resource.id} resource={resource} owner={ownerName(resource.associationId)} />
              ))}
            </ul>
          )
        }
      </QueryBoundary>
    </Page>
  );
}

function ResourceCard({ resource, owner }: { resource: ResourceView; owner: string }) {
  const { t } = useTranslation();
  const place = resource.kind === 'premise' ? resource.address : resource.storagePlace;
  return (
    <li className="card resource-card">
      <h2 className="resource-card__title">
        <Link to={`/resources/${resource.id}`}>{resource.name}</Link>
      </h2>
      <p className="resource-card__meta">
        <span className="badge badge--kind">{t(`resources.kinds.${resource.kind}`)}</span>
        <span>{owner}</span>
      </p>
      {place && <p className="muted resource-card__place">{place}</p>}
      <p className="resource-card__meta muted">
        {resource.kind !== 'premise' && <span>{t('resources.quantityValue', { count: resource.quantity })}</span>}
        {resource.capacity && <span>{t('resources.capacityValue', { count: resource.capacity })}</span>}
        <span>{resource.requiresApproval ? t('resources.approvalNeeded') : t('resources.approvalNotNeeded')}</span>
      </p>
      {resource.available !== undefined && <Availability free={resource.available} total={resource.quantity} />}
    </li>
  );
}

function Availability({ free, total }: { free: number; total: number }) {
  const { t } = useTranslation();
  if (free <= 0)
    return (
      <p className="availability availability--none">
        <span aria-hidden="true">● </span>
        {t('resources.available.none')}
      </p>
    );
  return (
    <p className="availability availability--free">
      <span aria-hidden="true">● </span>
      {free >= total ? t('resources.available.all') : t('resources.available.some', { free, total })}
    </p>
  );
}

import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { TextField } from '@/components/ui/fields';
import { EmptyState, QueryBoundary } from '@/components/ui/feedback';
import { useDirectory } from '../api/associations';

export default function DirectoryPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [city, setCity] = useState('');
  const directory = useDirectory(useDeferredValue(q.trim()), useDeferredValue(city.trim()));

  return (
    <Page title={t('directory.title')}>
      <form role="search" className="form__row filters" onSubmit={(event) => event.preventDefault()}>
        <TextField label={t('directory.search')} type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        <TextField label={t('associations.city')} value={city} onChange={(event) => setCity(event.target.value)} />
      </form>
      <QueryBoundary query={directory}>
        {() =>
          directory.data!.items.length === 0 ? (
            <EmptyState title={t('directory.emptyTitle')}>
              <p>{t('directory.emptyBody')}</p>
            </EmptyState>
          ) : (
            <ul className="card-list" aria-live="polite">
              {directory.data!.items.map((association) => (
                <li key={association.id} className="card">
                  <h2>
                    <Link to={`/associations/${association.id}`}>{association.name}</Link>
                  </h2>
                  <p className="muted">{[association.neighbourhood, association.city].filter(Boolean).join(' · ')}</p>
                  {association.description && <p>{association.description}</p>}
                </li>
              ))}
            </ul>
          )
        }
      </QueryBoundary>
    </Page>
  );
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isApiError } from '@/lib/api-client';

/** A translated sentence for any failure; the server's own detail is added when it has one. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('errors.network');
    const known: Record<number, string> = {
      400: t('errors.badRequest'),
      401: t('errors.unauthorized'),
      403: t('errors.forbidden'),
      404: t('errors.notFound'),
      409: t('errors.conflict'),
      429: t('errors.rateLimited'),
    };
    return known[error.status] ?? t('errors.server');
  };
}

/** Field errors from problem details, keyed by field name. */
export function fieldErrorsOf(error: unknown): (field: string) => string | undefined {
  return (field) => (isApiError(error) ? error.fieldError(field) : undefined);
}

export function FormAlert({ error }: { error: unknown }) {
  const errorText = useErrorText();
  if (!error) return null;
  const detail = isApiError(error) && !error.problem.errors?.length ? error.problem.detail : undefined;
  return (
    <div className="alert alert--error" role="alert">
      <p>{errorText(error)}</p>
      {detail && <p className="alert__detail">{detail}</p>}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`alert alert--${tone}`} role="status">
      {children}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {label ?? t('common.loading')}
    </p>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children && <div className="empty-state__body">{children}</div>}
      {action && <div className="empty-state__action">{action}</div>}
    </div>
  );
}

/** Loading and error states of a query, in one place. */
export function QueryBoundary({ query, children }: { query: { isPending: boolean; error: unknown }; children: () => ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.error) return <FormAlert error={query.error} />;
  return <>{children()}</>;
}

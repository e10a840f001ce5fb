import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '@/i18n';
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

// The server words its field errors in English; the usual ones are shown in the reader's language.
const FIELD_MESSAGES: [RegExp, string][] = [
  [/email/i, 'fieldErrors.email'],
  [/at least (\d+) characters|longer than or equal to (\d+)/i, 'fieldErrors.minLength'],
  [/shorter than or equal to (\d+)|at most (\d+) characters/i, 'fieldErrors.maxLength'],
  [/should not be empty|is required|must not be empty/i, 'fieldErrors.required'],
  [/already registered|already exists|already taken/i, 'fieldErrors.taken'],
  [/ISO-8601|must be a date/i, 'fieldErrors.date'],
  [/must be after/i, 'fieldErrors.after'],
  [/must be (an id|a list of ids)/i, 'fieldErrors.id'],
  [/must be one of/i, 'fieldErrors.oneOf'],
];

export function translateFieldMessage(message: string): string {
  for (const [pattern, key] of FIELD_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return i18n.t(key, { count: Number(match[1] ?? match[2] ?? 0) });
  }
  return message;
}

/** Field errors from problem details, keyed by field name. */
export function fieldErrorsOf(error: unknown): (field: string) => string | undefined {
  return (field) => {
    const message = isApiError(error) ? error.fieldError(field) : undefined;
    return message && translateFieldMessage(message);
  };
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

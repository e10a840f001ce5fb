import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '@/i18n';
import { ApiError, isApiError, type FieldError } from '@/lib/api-client';

/** The reader's sentence for a problem's stable code, when there is one. */
function problemCodeText(error: ApiError): string | undefined {
  const key = `problems.codes.${error.problem.code}`;
  return error.problem.code && i18n.exists(key) ? i18n.t(key) : undefined;
}

/** A translated sentence for any failure: the problem's code when it has one, else its status. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('errors.network');
    const byCode = problemCodeText(error);
    if (byCode) return byCode;
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

/**
 * One field error in the reader's language: by its code, else by its wording (the usual rules carry
 * their bound in it), else a general sentence — the server's English only for English readers.
 */
export function translateFieldError(error: FieldError): string {
  const key = `problems.fields.${error.code}`;
  if (error.code && i18n.exists(key)) return i18n.t(key);
  const translated = translateFieldMessage(error.message);
  if (translated !== error.message || i18n.language.startsWith('en')) return translated;
  return i18n.t('problems.invalidField');
}

/** Field errors from problem details, keyed by field name. */
export function fieldErrorsOf(error: unknown): (field: string) => string | undefined {
  return (field) => {
    const found = isApiError(error) ? error.problem.errors?.find((item) => item.field === field) : undefined;
    return found && translateFieldError(found);
  };
}

/**
 * The alert above a form. `fields`: the fields the form shows with their own errors; an error on any
 * other field is said here, so no refusal goes unexplained. The server's English detail is shown to
 * English readers only, when no code says more.
 */
export function FormAlert({ error, fields }: { error: unknown; fields?: string[] }) {
  const errorText = useErrorText();
  const { i18n: current } = useTranslation();
  if (!error) return null;
  const fieldErrors = isApiError(error) ? (error.problem.errors ?? []) : [];
  const others = fields ? fieldErrors.filter((item) => !fields.includes(item.field)).map(translateFieldError) : [];
  const detail = isApiError(error) && !fieldErrors.length && !problemCodeText(error) && current.language.startsWith('en') ? error.problem.detail : undefined;
  return (
    <div className="alert alert--error" role="alert">
      <p>{errorText(error)}</p>
      {detail && <p className="alert__detail">{detail}</p>}
      {[...new Set(others)].map((text) => (
        <p key={text} className="alert__detail">
          {text}
        </p>
      ))}
    </div>
  );
}

/** The fields of `names` left empty (blank counts as empty), each with the reader's "required" sentence. */
export function missingFields(form: FormData, names: string[]): Record<string, string> {
  const missing = names.filter((name) => !String(form.get(name) ?? '').trim());
  return Object.fromEntries(missing.map((name) => [name, i18n.t('fieldErrors.required')]));
}

/** How long a request may take before the screen says the server is slow. */
export const SLOW_REQUEST_MS = 8_000;

/** Says, while a request takes long, that it is on its way: a busy button alone looks stuck. */
export function SlowNotice({ pending }: { pending: boolean }) {
  const { t } = useTranslation();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setSlow(true), SLOW_REQUEST_MS);
    return () => {
      clearTimeout(timer);
      setSlow(false);
    };
  }, [pending]);
  if (!pending || !slow) return null;
  return (
    <p className="alert alert--info" role="status">
      {t('problems.slowServer')}
    </p>
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

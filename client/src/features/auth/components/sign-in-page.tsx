import { type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { TextField } from '@/components/ui/fields';
import { Button } from '@/components/ui/button';
import { FormAlert, SlowNotice, fieldErrorsOf } from '@/components/ui/feedback';
import { useSession } from '@/lib/session';
import { isApiError } from '@/lib/api-client';
import { useLogin } from '../api/auth';

/** Only same-site paths are followed after sign-in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/projects';
}

export default function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const login = useLogin();
  const next = safeNext(params.get('next'));

  if (session && !login.isSuccess) return <Navigate to={next} replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    login.mutate({ email: String(form.get('email')), password: String(form.get('password')) }, { onSuccess: () => navigate(next, { replace: true }) });
  };
  const fieldError = fieldErrorsOf(login.error);

  return (
    <Page title={t('auth.signInTitle')}>
      <p className="lead">{t('app.tagline')}</p>
      <form onSubmit={submit} className="form narrow" noValidate>
        {isApiError(login.error, 401) ? (
          <div className="alert alert--error" role="alert">
            {t('auth.badCredentials')}
          </div>
        ) : (
          <FormAlert error={login.error} />
        )}
        <TextField label={t('auth.email')} name="email" type="email" autoComplete="email" required error={fieldError('email')} />
        <TextField label={t('auth.password')} name="password" type="password" autoComplete="current-password" required error={fieldError('password')} />
        <p className="field__hint">
          <Link to="/forgot-password">{t('passwordReset.forgotten')}</Link>
        </p>
        <Button type="submit" busy={login.isPending}>
          {t('auth.signIn')}
        </Button>
        <SlowNotice pending={login.isPending} />
      </form>
      <p>
        {t('auth.noAccount')} <Link to={`/sign-up${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('auth.signUp')}</Link>
      </p>
    </Page>
  );
}

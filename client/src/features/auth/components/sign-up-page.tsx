import { type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { TextField } from '@/components/ui/fields';
import { Button } from '@/components/ui/button';
import { FormAlert, fieldErrorsOf } from '@/components/ui/feedback';
import { useSession } from '@/lib/session';
import { useRegister } from '../api/auth';
import { safeNext } from './sign-in-page';

export default function SignUpPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const register = useRegister();
  const next = safeNext(params.get('next'));

  if (session && !register.isSuccess) return <Navigate to={next} replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    register.mutate(
      {
        displayName: String(form.get('displayName')),
        email: String(form.get('email')),
        password: String(form.get('password')),
        locale: i18n.language,
      },
      { onSuccess: () => navigate(next, { replace: true }) },
    );
  };
  const fieldError = fieldErrorsOf(register.error);

  return (
    <Page title={t('auth.signUpTitle')}>
      <form onSubmit={submit} className="form narrow" noValidate>
        <FormAlert error={register.error} />
        <TextField label={t('auth.displayName')} name="displayName" autoComplete="name" required error={fieldError('displayName')} />
        <TextField label={t('auth.email')} name="email" type="email" autoComplete="email" required error={fieldError('email')} />
        <TextField
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={t('auth.passwordHint')}
          error={fieldError('password')}
        />
        <Button type="submit" busy={register.isPending}>
          {t('auth.signUp')}
        </Button>
      </form>
      <p>
        {t('auth.haveAccount')} <Link to="/sign-in">{t('auth.signIn')}</Link>
      </p>
    </Page>
  );
}

import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { TextField } from '@/components/ui/fields';
import { Button } from '@/components/ui/button';
import { FormAlert, SlowNotice, fieldErrorsOf, missingFields } from '@/components/ui/feedback';
import { useSession } from '@/lib/session';
import { useRegister } from '../api/auth';
import { safeNext } from './sign-in-page';

const FIELDS = ['displayName', 'email', 'password'];

export default function SignUpPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const register = useRegister();
  const next = safeNext(params.get('next'));
  // empty fields are said here and never sent
  const [missing, setMissing] = useState<Record<string, string>>({});
  // set at once, unlike isPending, so a double press within one render sends nothing more
  const inFlight = useRef(false);

  if (session && !register.isSuccess) return <Navigate to={next} replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // one request at a time: a second press while the server is slow would hide the first one's answer
    if (inFlight.current) return;
    const form = new FormData(event.currentTarget);
    const empty = missingFields(form, FIELDS);
    setMissing(empty);
    if (Object.keys(empty).length) return;
    inFlight.current = true;
    register.mutate(
      {
        displayName: String(form.get('displayName')),
        email: String(form.get('email')),
        password: String(form.get('password')),
        locale: i18n.language,
      },
      {
        onSuccess: () => navigate(next, { replace: true }),
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  };
  const serverError = fieldErrorsOf(register.error);
  const fieldError = (field: string) => missing[field] ?? serverError(field);

  return (
    <Page title={t('auth.signUpTitle')}>
      <form onSubmit={submit} className="form narrow" noValidate>
        <FormAlert error={register.error} fields={FIELDS} />
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
        <SlowNotice pending={register.isPending} />
      </form>
      <p>
        {t('auth.haveAccount')} <Link to="/sign-in">{t('auth.signIn')}</Link>
      </p>
    </Page>
  );
}

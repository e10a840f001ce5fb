import { type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { TextField } from '@/components/ui/fields';
import { Button } from '@/components/ui/button';
import { FormAlert, fieldErrorsOf } from '@/components/ui/feedback';
import { useRequestPasswordReset } from '../api/auth';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    request.mutate(String(new FormData(event.currentTarget).get('email')));
  };

  return (
    <Page title={t('passwordReset.requestTitle')}>
      {request.isSuccess ? (
        <p className="alert alert--success" role="status">
          {t('passwordReset.sent')}
        </p>
      ) : (
        <>
          <p className="lead">{t('passwordReset.requestLead')}</p>
          <form onSubmit={submit} className="form narrow" noValidate>
            <FormAlert error={request.error} />
            <TextField label={t('auth.email')} name="email" type="email" autoComplete="email" required error={fieldErrorsOf(request.error)('email')} />
            <Button type="submit" busy={request.isPending}>
              {t('passwordReset.send')}
            </Button>
          </form>
        </>
      )}
      <p>
        <Link to="/sign-in">{t('passwordReset.backToSignIn')}</Link>
      </p>
    </Page>
  );
}

import { type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { TextField } from '@/components/ui/fields';
import { Button } from '@/components/ui/button';
import { FormAlert, fieldErrorsOf } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { useConfirmPasswordReset } from '../api/auth';

/** The page the e-mailed link opens: /reset-password?token=… */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useConfirmPasswordReset();
  const badLink = !token || (isApiError(confirm.error, 400) && Boolean(confirm.error.fieldError('token')));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    confirm.mutate({ token, password: String(new FormData(event.currentTarget).get('password')) });
  };

  if (confirm.isSuccess) {
    return (
      <Page title={t('passwordReset.confirmTitle')}>
        <p className="alert alert--success" role="status">
          {t('passwordReset.done')}
        </p>
        <p>
          <Link to="/sign-in">{t('auth.signIn')}</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title={t('passwordReset.confirmTitle')}>
      {badLink ? (
        <>
          <p className="alert alert--error" role="alert">
            {t('passwordReset.badLink')}
          </p>
          <p>
            <Link to="/forgot-password">{t('passwordReset.askAgain')}</Link>
          </p>
        </>
      ) : (
        <form onSubmit={submit} className="form narrow" noValidate>
          <FormAlert error={confirm.error} />
          <TextField
            label={t('passwordReset.newPassword')}
            hint={t('passwordReset.newPasswordHint')}
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={8}
            required
            error={fieldErrorsOf(confirm.error)('password')}
          />
          <Button type="submit" busy={confirm.isPending}>
            {t('passwordReset.save')}
          </Button>
        </form>
      )}
    </Page>
  );
}

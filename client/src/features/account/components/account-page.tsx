import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { SelectField, TextField } from '@/components/ui/fields';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormAlert, Notice, QueryBoundary, fieldErrorsOf } from '@/components/ui/feedback';
import { LANGUAGES, setLanguage } from '@/i18n';
import { downloadMyData, useCalendarLink, useDeleteMe, useMe, useUpdateMe, type Me } from '../api/me';
import { CopyButton } from '@/components/ui/copy-button';
import { NotificationSettingsSection } from '@/features/notifications/components/notification-settings-section';

export default function AccountPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const update = useUpdateMe();
  const remove = useDeleteMe();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const locale = String(form.get('locale'));
    update.mutate({ displayName: String(form.get('displayName')), locale }, { onSuccess: () => setLanguage(locale) });
  };

  const exportData = async () => {
    setExporting(true);
    setExportError(null);
    try {
      await downloadMyData();
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  };

  const fieldError = fieldErrorsOf(update.error);
  return (
    <Page title={t('account.title')}>
      <QueryBoundary query={me}>
        {() => (
          <>
            <form onSubmit={submit} className="form narrow" noValidate>
              <FormAlert error={update.error} />
              {update.isSuccess && <Notice tone="success">{t('account.saved')}</Notice>}
              <TextField label={t('auth.email')} value={me.data!.email} readOnly />
              <TextField label={t('auth.displayName')} name="displayName" defaultValue={me.data!.displayName} required error={fieldError('displayName')} />
              <SelectField label={t('account.language')} name="locale" defaultValue={(me.data!.locale ?? 'fr').slice(0, 2)} error={fieldError('locale')}>
                {LANGUAGES.map((language) => (
                  <option key={language} value={language} lang={language}>
                    {t(`languages.${language}`)}
                  </option>
                ))}
              </SelectField>
              <Button type="submit" busy={update.isPending}>
                {t('common.save')}
              </Button>
            </form>

            <CalendarSection me={me.data!} />
            <NotificationSettingsSection />

            <section className="card" aria-labelledby="export-title">
              <h2 id="export-title">{t('account.exportTitle')}</h2>
              <p>{t('account.exportBody')}</p>
              <FormAlert error={exportError} />
              <Button variant="secondary" onClick={exportData} busy={exporting}>
                {t('account.export')}
              </Button>
            </section>

            <section className="card card--danger" aria-labelledby="delete-title">
              <h2 id="delete-title">{t('account.deleteTitle')}</h2>
              <p>{t('account.deleteBody')}</p>
              <FormAlert error={remove.error} />
              <ConfirmButton
                question={t('account.deleteConfirm')}
                busy={remove.isPending}
                onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/sign-in', { replace: true }) })}
              >
                {t('account.delete')}
              </ConfirmButton>
            </section>
          </>
        )}
      </QueryBoundary>
    </Page>
  );
}

function CalendarSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { create, revoke } = useCalendarLink();
  const url = me.calendarFeedUrl;
  return (
    <section className="card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t('account.calendarTitle')}</h2>
      <p>{t('account.calendarBody')}</p>
      <FormAlert error={create.error ?? revoke.error} />
      {url && (
        <div className="invitation-link">
          <TextField label={t('account.calendarLink')} value={url} readOnly onFocus={(event) => event.currentTarget.select()} />
          <CopyButton text={url} />
        </div>
      )}
      <div className="actions">
        <Button variant="secondary" busy={create.isPending} onClick={() => create.mutate()}>
          {url ? t('account.calendarRenew') : t('account.calendarCreate')}
        </Button>
        {url && (
          <ConfirmButton question={t('account.calendarRevokeConfirm')} busy={revoke.isPending} onConfirm={() => revoke.mutate()}>
            {t('account.calendarRevoke')}
          </ConfirmButton>
        )}
      </div>
    </section>
  );
}

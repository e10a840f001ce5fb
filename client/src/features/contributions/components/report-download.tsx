import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/feedback';
import { downloadReport, type ReportFormat } from '../api/contributions';

/** The funders' report for a chosen period (inclusive days; none: the whole project), as CSV or PDF. */
export function ReportDownload({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<ReportFormat | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const format = (submitter?.value ?? 'pdf') as ReportFormat;
    const form = new FormData(event.currentTarget);
    const day = (name: string) => String(form.get(name) ?? '') || undefined;
    setPending(format);
    setDone(false);
    setError(null);
    try {
      await downloadReport(projectId, format, { from: day('from'), to: day('to') });
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(null);
    }
  };

  return (
    <section aria-labelledby="report-download" className="card">
      <h2 id="report-download">{t('contributions.report.title')}</h2>
      <p className="muted">{t('contributions.report.explain')}</p>
      <form onSubmit={submit} className="form report-form" noValidate>
        <FormAlert error={error} />
        <div className="form__row report-form__period">
          <TextField label={t('contributions.report.from')} name="from" type="date" />
          <TextField label={t('contributions.report.to')} name="to" type="date" />
        </div>
        <div className="actions">
          <Button type="submit" name="format" value="pdf" busy={pending === 'pdf'}>
            {t('contributions.report.pdf')}
          </Button>
          <Button type="submit" name="format" value="csv" variant="secondary" busy={pending === 'csv'}>
            {t('contributions.report.csv')}
          </Button>
        </div>
        <p role="status" className="muted">
          {pending ? t('contributions.report.downloading') : done ? t('contributions.report.done') : ''}
        </p>
      </form>
    </section>
  );
}

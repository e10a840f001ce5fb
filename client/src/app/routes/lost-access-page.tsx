import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';

export default function LostAccessPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('lostAccess.title')}>
      <p>{t('lostAccess.body')}</p>
      <p>
        <Link to="/projects">{t('lostAccess.back')}</Link>
      </p>
    </Page>
  );
}

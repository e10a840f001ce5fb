import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

/** "Mes demandes" and "À traiter": the two sides of bookings, one link each. */
export function BookingsTabs() {
  const { t } = useTranslation();
  return (
    <nav className="tabs subnav" aria-label={t('bookings.tabs')}>
      <NavLink to="/bookings" end>
        {t('bookings.mine')}
      </NavLink>
      <NavLink to="/bookings/inbox">{t('bookings.inbox')}</NavLink>
    </nav>
  );
}

import { Suspense } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate, useNavigation, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '@/lib/session';
import { logout } from '@/features/auth/api/auth';
import { Loading } from '@/components/ui/feedback';
import { CollapsibleNav } from '@/components/ui/collapsible-nav';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from '@/features/notifications/components/notification-bell';

export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const navigation = useNavigation();
  const navigate = useNavigate();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        {session && <NotificationBell />}
        {session ? (
          <CollapsibleNav label={t('nav.main')} toggleLabel={t('boardUi.nav.menu')} className="main-nav">
            <NavLink to="/projects">{t('nav.projects')}</NavLink>
            <NavLink to="/agenda">{t('agenda.nav')}</NavLink>
            <NavLink to="/associations">{t('nav.associations')}</NavLink>
            <NavLink to="/resources">{t('nav.resources')}</NavLink>
            <NavLink to="/bookings">{t('nav.bookings')}</NavLink>
            <NavLink to="/directory">{t('nav.directory')}</NavLink>
            <NavLink to="/account">{t('nav.account')}</NavLink>
            <button type="button" className="link-button" onClick={() => void logout().finally(() => navigate('/sign-in', { replace: true }))}>
              {t('nav.signOut')}
            </button>
          </CollapsibleNav>
        ) : (
          <LanguageSwitch />
        )}
      </header>
      <main id="main" className="app-main">
        {navigation.state === 'loading' && <div className="route-progress" aria-hidden="true" />}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <main className="app-main" id="main">
      <h1>{t('errors.pageCrashed')}</h1>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </main>
  );
}

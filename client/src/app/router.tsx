// The one router file: every screen is a lazy route, so the sign-in page loads only what it needs.
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { useSession } from '@/lib/session';
import { AppLayout, RequireAuth, RouteError } from './routes/layout';

const lazyPage = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

function HomeRedirect() {
  return <Navigate to={useSession() ? '/projects' : '/sign-in'} replace />;
}

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'sign-in', lazy: lazyPage(() => import('@/features/auth/components/sign-in-page')) },
      { path: 'sign-up', lazy: lazyPage(() => import('@/features/auth/components/sign-up-page')) },
      { path: 'forgot-password', lazy: lazyPage(() => import('@/features/auth/components/forgot-password-page')) },
      { path: 'reset-password', lazy: lazyPage(() => import('@/features/auth/components/reset-password-page')) },
      { path: 'lost-access', lazy: lazyPage(() => import('./routes/lost-access-page')) },
      {
        element: <RequireAuth />,
        children: [
          { path: 'notifications', lazy: lazyPage(() => import('@/features/notifications/components/notifications-page')) },
          { path: 'account', lazy: lazyPage(() => import('@/features/account/components/account-page')) },
          { path: 'associations', lazy: lazyPage(() => import('@/features/associations/components/my-associations-page')) },
          { path: 'associations/:associationId', lazy: lazyPage(() => import('@/features/associations/components/association-page')) },
          { path: 'directory', lazy: lazyPage(() => import('@/features/associations/components/directory-page')) },
          { path: 'invitations/:token', lazy: lazyPage(() => import('@/features/associations/components/accept-invitation-page')) },
          { path: 'resources', lazy: lazyPage(() => import('@/features/resources/components/catalogue-page')) },
          { path: 'resources/new', lazy: lazyPage(() => import('@/features/resources/components/resource-editor-page')) },
          { path: 'resources/:resourceId', lazy: lazyPage(() => import('@/features/resources/components/resource-page')) },
          {
            path: 'resources/:resourceId/edit',
            lazy: async () => ({ Component: (await import('@/features/resources/components/resource-editor-page')).EditResourcePage }),
          },
          { path: 'bookings', lazy: lazyPage(() => import('@/features/bookings/components/my-requests-page')) },
          { path: 'bookings/inbox', lazy: lazyPage(() => import('@/features/bookings/components/owner-inbox-page')) },
          { path: 'agenda', lazy: lazyPage(() => import('@/features/agenda/components/agenda-page')) },
          { path: 'projects', lazy: lazyPage(() => import('@/features/projects/components/my-projects-page')) },
          { path: 'projects/:projectId/invitation', lazy: lazyPage(() => import('@/features/projects/components/project-invitation-page')) },
          {
            path: 'projects/:projectId',
            lazy: lazyPage(() => import('@/features/projects/components/project-workspace')),
            children: [
              { index: true, lazy: lazyPage(() => import('@/features/projects/components/project-overview')) },
              { path: 'board', lazy: lazyPage(() => import('@/features/tasks/components/board-page')) },
              { path: 'tasks/:taskId', lazy: lazyPage(() => import('@/features/tasks/components/task-detail-page')) },
              { path: 'partners', lazy: lazyPage(() => import('@/features/projects/components/partners-page')) },
              { path: 'activity', lazy: lazyPage(() => import('@/features/activity/components/activity-page')) },
              { path: 'chat', lazy: lazyPage(() => import('@/features/chat/components/chat-page')) },
              { path: 'contributions', lazy: lazyPage(() => import('@/features/contributions/components/contributions-page')) },
              { path: 'decisions', lazy: lazyPage(() => import('@/features/decisions/components/decisions-page')) },
              { path: 'decisions/new', lazy: lazyPage(() => import('@/features/decisions/components/new-decision-page')) },
              { path: 'decisions/:decisionId', lazy: lazyPage(() => import('@/features/decisions/components/decision-page')) },
              { path: 'events', lazy: lazyPage(() => import('@/features/events/components/events-page')) },
              { path: 'events/new', lazy: lazyPage(() => import('@/features/events/components/event-editor-page')) },
              { path: 'events/:eventId', lazy: lazyPage(() => import('@/features/events/components/event-page')) },
              {
                path: 'events/:eventId/edit',
                lazy: async () => ({ Component: (await import('@/features/events/components/event-editor-page')).EditEventPage }),
              },
            ],
          },
        ],
      },
      { path: '*', lazy: lazyPage(() => import('./routes/not-found-page')) },
    ],
  },
];

const router = createBrowserRouter(routes);

export function AppRouter() {
  return <RouterProvider router={router} />;
}

import type { AgendaView } from '@maillage/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { addParisDays } from '@/features/calendar/paris-time';
import { agendaKeys } from './keys';

/** Overdue tasks stay in sight this long; the agenda looks this far ahead. */
export const LOOK_BACK_DAYS = 30;
export const LOOK_AHEAD_DAYS = 61;

/** GET /api/me/agenda for [today − 30 days, today + 61 days), Paris days, so the key changes once a day. */
export function useAgenda(today = new Date()) {
  const from = addParisDays(today, -LOOK_BACK_DAYS).toISOString();
  const to = addParisDays(today, LOOK_AHEAD_DAYS).toISOString();
  return useQuery({
    queryKey: agendaKeys.window(from, to),
    queryFn: ({ signal }) => api.get<AgendaView>('/me/agenda', { query: { from, to }, signal }),
    // nothing pushes changes of other projects here: read again when the volunteer comes back
    refetchOnWindowFocus: 'always',
  });
}

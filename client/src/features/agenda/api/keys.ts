// Cache keys of "Mon agenda": a sign-up, a withdrawal or a booking elsewhere makes it stale.
export const agendaKeys = {
  all: ['agenda'] as const,
  window: (from: string, to: string) => ['agenda', from, to] as const,
};

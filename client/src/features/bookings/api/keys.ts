// Cache keys of this feature; every booking change invalidates ['bookings'] and the resources' calendars.
export const bookingKeys = {
  all: ['bookings'] as const,
  inbox: (associationId: string, side: 'owner' | 'requester', status: string) => ['bookings', 'inbox', associationId, side, status] as const,
};

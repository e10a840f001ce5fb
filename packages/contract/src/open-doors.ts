// Open doors: an event's public page and the sign-up of guests (people without an account).

/** A guest as the project's members see them in a shift. */
export interface ShiftGuest {
  id: string;
  /** Null once erased (30 days after the event). */
  name: string | null;
  email: string | null;
  phone: string | null;
  signedUpAt: string;
  /** When their name and contact were erased; the place they took still counts. */
  erasedAt: string | null;
}

/** A shift as anyone may see it: no volunteer's name or contact. */
export interface PublicShiftView {
  id: string;
  label: string;
  start: string;
  end: string;
  needed: number;
  remaining: number;
  /** Sign-up is open: the shift has not started and has places left. */
  open: boolean;
}

export interface PublicPlaceView {
  name: string;
  /** Only when the premise's owner allows showing it on public pages. */
  address: string | null;
}

/** `GET /api/public/events/:slug` */
export interface PublicEventView {
  slug: string;
  title: string;
  description: string;
  start: string;
  end: string;
  /** What the organizers wrote as the place (free text). */
  location: string | null;
  /** The booked premise, once its booking is granted. */
  place: PublicPlaceView | null;
  /** The organizing association first, then the project's other active partners. */
  associations: { id: string; name: string }[];
  shifts: PublicShiftView[];
  url: string;
}

/** `POST /api/public/shifts/:shiftId/signup` → 201 */
export interface GuestSignupCreated {
  /** The guest's personal link's secret: `GET|DELETE /api/public/signups/:manageToken`. */
  manageToken: string;
  manageUrl: string;
}

/** `GET /api/public/signups/:manageToken` */
export interface GuestSignupView {
  name: string;
  email: string | null;
  phone: string | null;
  signedUpAt: string;
  shift: PublicShiftView;
  event: { slug: string | null; title: string; start: string; end: string; location: string | null };
  icsUrl: string;
}

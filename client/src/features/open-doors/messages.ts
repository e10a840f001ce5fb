// Open doors (issue 15): the organizers' "page publique" panel of an event.
export const openDoorsFr = {
  title: 'Page publique',
  intro: 'Une page que tout le monde peut lire, avec l’inscription aux créneaux sans compte.',
  toggle: 'Publier la page de l’événement',
  on: 'La page est en ligne : partagez ce lien ou imprimez l’affiche.',
  off: 'La page n’est pas publiée.',
  link: 'Adresse de la page publique',
  open: 'Ouvrir la page',
  poster: 'Télécharger l’affiche (PDF)',
  posterBusy: 'Préparation de l’affiche…',
  guests: 'Les invités inscrits apparaissent dans chaque créneau avec la mention « invité ». Leurs coordonnées sont effacées 30 jours après l’événement.',
  guestTag: 'invité',
  removeGuest: 'Retirer {{name}}',
  erasedGuest: 'Invité (coordonnées effacées)',
  addressIsPublic: 'Montrer l’adresse sur les pages publiques des événements qui s’y tiennent',
};

export const openDoorsEn: typeof openDoorsFr = {
  title: 'Public page',
  intro: 'A page anyone can read, with sign-up to shifts without an account.',
  toggle: 'Publish the event’s page',
  on: 'The page is online: share this link or print the poster.',
  off: 'The page is not published.',
  link: 'Address of the public page',
  open: 'Open the page',
  poster: 'Download the poster (PDF)',
  posterBusy: 'Preparing the poster…',
  guests: 'Guests who signed up show in each shift, marked “guest”. Their contact details are erased 30 days after the event.',
  guestTag: 'guest',
  removeGuest: 'Remove {{name}}',
  erasedGuest: 'Guest (details erased)',
  addressIsPublic: 'Show the address on the public pages of events held here',
};

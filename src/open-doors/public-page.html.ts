import type { GuestSignupView, PublicEventView, PublicShiftView } from '@maillage/contract';
import { frenchRange } from './french-dates';
import { GUEST_DATA_DAYS } from './guest-erasure.job';

/**
 * The public pages (/e/…), rendered on the server as plain HTML with a little inline CSS and no
 * script: a cheap phone on 3G shows them at once, and the sign-up forms post without JavaScript.
 * French only: the audience is a neighbourhood's, and the page is what the poster points to.
 */

export interface FormState {
  shiftId: string;
  values: Record<string, string>;
  errors: { field: string; message: string }[];
}

export const CONSENT_TEXT =
  `J’accepte que mon nom et mon contact soient gardés pour organiser ce créneau : seuls les organisateurs les voient, ` +
  `et ils sont effacés ${GUEST_DATA_DAYS} jours après l’événement.`;

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f6f5f1}
main{max-width:40rem;margin:0 auto;padding:1rem}
header{background:#0b5d4b;color:#fff;padding:1.25rem 0}
header div{max-width:40rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;line-height:1.2;margin:.25rem 0}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
h3{font-size:1.1rem;margin:0}
a{color:#0b5d4b}
header a,header p{color:#fff}
.when{font-weight:600;margin:.25rem 0}
.card{background:#fff;border:1px solid #d6d3cb;border-radius:.5rem;padding:1rem;margin:.75rem 0}
.muted{color:#4a4a4a}
.full{color:#8a1c1c;font-weight:600}
.notice{border-left:4px solid #0b5d4b;background:#e6f2ee;padding:.75rem 1rem;margin:1rem 0}
.alert{border-left:4px solid #8a1c1c;background:#fbeaea;padding:.75rem 1rem;margin:1rem 0}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=email],input[type=tel]{width:100%;font:inherit;padding:.6rem;border:1px solid #6b6b6b;border-radius:.375rem}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
.check input{width:1.25rem;height:1.25rem;margin-top:.2rem;flex:none}
.error{color:#8a1c1c;font-weight:600;margin:.25rem 0 0}
button,.button{display:inline-block;font:inherit;font-weight:600;background:#0b5d4b;color:#fff;border:0;border-radius:.375rem;padding:.7rem 1.1rem;margin-top:1rem;text-decoration:none;cursor:pointer}
button.secondary{background:#fff;color:#8a1c1c;border:2px solid #8a1c1c}
:focus-visible{outline:3px solid #e0a100;outline-offset:2px}
.nowrap{white-space:nowrap}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
details summary{cursor:pointer;font-weight:600;color:#0b5d4b;margin-top:.5rem}
footer{max-width:40rem;margin:2rem auto;padding:0 1rem;color:#4a4a4a;font-size:.9rem}
`;

function layout(options: { title: string; description: string; url?: string; body: string; noindex?: boolean }): string {
  const og = options.url
    ? `<meta property="og:type" content="website"><meta property="og:locale" content="fr_FR"><meta property="og:site_name" content="Maillage">` +
      `<meta property="og:title" content="${escape(options.title)}"><meta property="og:description" content="${escape(options.description)}">` +
      `<meta property="og:url" content="${escape(options.url)}"><meta name="twitter:card" content="summary">`
    : '';
  return (
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escape(options.title)}</title><meta name="description" content="${escape(options.description)}">${og}` +
    (options.noindex ? '<meta name="robots" content="noindex">' : '') +
    `<style>${STYLE}</style></head><body>${options.body}<footer>Page publiée avec Maillage, l’espace de travail des associations.</footer></body></html>`
  );
}

const summaryOf = (event: PublicEventView) => {
  const text = `${capitalize(frenchRange(event.start, event.end))}. ${event.description}`.trim();
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
};

export function renderEventPage(event: PublicEventView, form?: FormState, notice?: { kind: 'full' | 'started' | 'duplicate' }): string {
  const place = [event.place?.name, event.place?.address, event.location].filter(Boolean).map((part) => escape(String(part)));
  const associations = event.associations.map((association) => escape(association.name)).join(', ');
  const notices = {
    full: 'Ce créneau vient d’être complet. Les créneaux ci-dessous ont encore de la place.',
    started: 'Ce créneau a commencé : l’inscription est fermée. Les créneaux ci-dessous ont encore de la place.',
    duplicate: 'Quelqu’un s’est déjà inscrit à ce créneau avec ce contact. Utilisez le lien reçu lors de l’inscription.',
  };
  const open = event.shifts.filter((shift) => shift.open);
  const body =
    `<header><div><p class="muted" style="color:#fff;margin:0">${associations ? `Avec ${associations}` : ''}</p>` +
    `<h1>${escape(event.title)}</h1><p class="when">${escape(capitalize(frenchRange(event.start, event.end)))}</p>` +
    (place.length ? `<p style="margin:0">${place.join(' — ')}</p>` : '') +
    `</div></header><main>` +
    (notice ? `<p class="alert" role="alert">${notices[notice.kind]}</p>` : '') +
    (event.description ? `<p>${escape(event.description).replace(/\n/g, '<br>')}</p>` : '') +
    `<h2>Donner un coup de main</h2>` +
    (event.shifts.length
      ? `<p class="muted">${open.length ? 'Inscrivez-vous sans créer de compte : un nom et un téléphone ou un e‑mail suffisent.' : 'Tous les créneaux sont complets. Merci à tous !'}</p>` +
        event.shifts.map((shift) => shiftCard(event, shift, form?.shiftId === shift.id ? form : undefined)).join('')
      : `<p class="muted">Pas de créneau bénévole pour le moment.</p>`) +
    `</main>`;
  return layout({ title: event.title, description: summaryOf(event), url: event.url, body });
}

function shiftCard(event: PublicEventView, shift: PublicShiftView, form: FormState | undefined): string {
  const id = shift.id;
  const places = shift.remaining === 1 ? '1 place libre' : `${shift.remaining} places libres`;
  const status = shift.open
    ? `<p class="muted">${places} sur ${shift.needed}</p>`
    : `<p class="full">${shift.remaining > 0 ? 'Inscription fermée' : 'Complet'}</p>`;
  const heading = `<h3 id="s-${id}">${escape(shift.label)}</h3><p class="when">${escape(capitalize(frenchRange(shift.start, shift.end)))}</p>${status}`;
  if (!shift.open) return `<section class="card" aria-labelledby="s-${id}">${heading}</section>`;
  const value = (field: string) => escape(form?.values[field] ?? '');
  const errorOf = (field: string) => form?.errors.find((error) => error.field === field);
  const errorText = (field: string) => {
    const error = errorOf(field);
    return error ? `<p class="error" id="${field}-${id}-error">${escape(frenchError(field, error.message))}</p>` : '';
  };
  const described = (field: string) => (errorOf(field) ? ` aria-invalid="true" aria-describedby="${field}-${id}-error"` : '');
  const fields =
    `<form method="post" action="/e/${escape(event.slug)}/creneaux/${id}" novalidate>` +
    `<label for="name-${id}">Prénom et nom</label><input type="text" id="name-${id}" name="name" autocomplete="name" required maxlength="100" value="${value('name')}"${described('name')}>${errorText('name')}` +
    `<label for="phone-${id}">Téléphone</label><input type="tel" id="phone-${id}" name="phone" autocomplete="tel" maxlength="24" value="${value('phone')}"${described('phone')}>${errorText('phone')}` +
    `<label for="email-${id}">E-mail</label><input type="email" id="email-${id}" name="email" autocomplete="email" maxlength="254" value="${value('email')}"${described('email')}>${errorText('email')}` +
    `<p class="muted" style="margin:.25rem 0 0">Le téléphone ou l’e-mail : l’un des deux suffit.</p>` +
    `<div class="trap" aria-hidden="true"><label for="website-${id}">Ne pas remplir</label><input type="text" id="website-${id}" name="website" tabindex="-1" autocomplete="off"></div>` +
    `<label class="check" for="consent-${id}"><input type="checkbox" id="consent-${id}" name="consent" value="true"${form?.values.consent ? ' checked' : ''}${described('consent')}><span>${CONSENT_TEXT}</span></label>${errorText('consent')}` +
    `<button type="submit">Je m’inscris à « ${escape(shift.label)} »</button></form>`;
  return (
    `<section class="card" aria-labelledby="s-${id}">${heading}` +
    (form ? fields : `<details><summary>S’inscrire à ce créneau</summary>${fields}</details>`) +
    `</section>`
  );
}

const FIELD_ERRORS: Record<string, string> = {
  name: 'Indiquez votre nom.',
  email: 'Indiquez un e-mail valide, ou un téléphone.',
  phone: 'Indiquez un numéro de téléphone valide, ou un e-mail.',
  consent: 'Cochez la case pour accepter que vos coordonnées soient gardées jusqu’à 30 jours après l’événement.',
};
const frenchError = (field: string, message: string) => FIELD_ERRORS[field] ?? message;

export function renderManagePage(signup: GuestSignupView, manageUrl: string, justCreated: boolean): string {
  const eventLink = signup.event.slug ? `<p><a href="/e/${escape(signup.event.slug)}">Voir la page de l’événement</a></p>` : '';
  const contact = [signup.phone, signup.email]
    .filter(Boolean)
    .map((part) => escape(String(part)))
    .join(' · ');
  const body =
    `<header><div><h1>${justCreated ? 'Merci, vous êtes inscrit·e !' : 'Votre inscription'}</h1><p class="when">${escape(signup.event.title)}</p></div></header><main>` +
    `<section class="card" aria-label="Votre créneau"><h2 style="margin-top:0">${escape(signup.shift.label)}</h2>` +
    `<p class="when">${escape(capitalize(frenchRange(signup.shift.start, signup.shift.end)))}</p>` +
    (signup.event.location ? `<p>${escape(signup.event.location)}</p>` : '') +
    `<p class="muted">Au nom de ${escape(signup.name)}${contact ? ` (<span class="nowrap">${contact}</span>)` : ''}</p>` +
    `<a class="button" href="${escape(signup.icsUrl)}">Ajouter à mon agenda (.ics)</a></section>` +
    `<div class="notice"><p style="margin-top:0"><strong>Gardez ce lien</strong> : il vous permet de revoir ou d’annuler votre inscription.</p>` +
    `<p style="word-break:break-all;margin-bottom:0"><a href="${escape(manageUrl)}">${escape(manageUrl)}</a></p></div>` +
    `<form method="post" action="${escape(new URL(manageUrl).pathname)}/annuler"><h2>Un empêchement ?</h2><p>Annulez pour libérer votre place pour quelqu’un d’autre.</p>` +
    `<button type="submit" class="secondary">Annuler mon inscription</button></form>` +
    eventLink +
    `<p class="muted">Votre nom et votre contact sont effacés ${GUEST_DATA_DAYS} jours après l’événement.</p></main>`;
  return layout({ title: `Inscription — ${signup.event.title}`, description: signup.shift.label, body, noindex: true });
}

export function renderCancelledPage(slug: string | null): string {
  const body =
    `<header><div><h1>Inscription annulée</h1></div></header><main><p>C’est noté : votre place est libérée et vos coordonnées sont effacées.</p>` +
    (slug ? `<p><a href="/e/${escape(slug)}">Revenir à la page de l’événement</a></p>` : '') +
    `</main>`;
  return layout({ title: 'Inscription annulée', description: 'Inscription annulée', body, noindex: true });
}

export function renderErrorPage(status: number): string {
  const texts: Record<number, [string, string]> = {
    404: ['Page introuvable', 'Cette page n’existe pas ou n’est plus publiée. Vérifiez le lien, ou demandez-le aux organisateurs.'],
    429: ['Trop d’essais', 'Trop d’inscriptions depuis cette connexion en peu de temps. Réessayez dans une minute.'],
    503: ['Un instant…', 'Le service est momentanément indisponible. Réessayez dans quelques secondes.'],
  };
  const [title, text] = texts[status] ?? ['Une erreur est survenue', 'Réessayez dans un moment.'];
  return layout({ title, description: text, body: `<header><div><h1>${title}</h1></div></header><main><p>${text}</p></main>`, noindex: true });
}

import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import { DomainEvent, GuestSignedUp } from '../common/domain-events';
import { layoutMail } from '../mail/mail-layout';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { frenchDay, frenchTime } from './french-dates';
import { GUEST_DATA_DAYS } from './guest-erasure.job';

/**
 * A guest who gave an e-mail address gets their personal link by e-mail too (the confirmation page
 * shows it once; a phone's browser tab is easily lost). In French: the public pages are French.
 * The outbox key derives from the link, so a repeated announcement sends nothing more.
 */
/** The outbox keys of guests' mail, which the erasure job forgets with the guest. */
export const GUEST_MAIL_KEY_PREFIX = 'guest-signup:';

@Injectable()
export class GuestMailListener {
  constructor(private readonly mail: MailOutboxService) {}

  @OnEvent(DomainEvent.GuestSignedUp, { async: true, suppressErrors: true })
  async mailTheLink(guest: GuestSignedUp): Promise<void> {
    if (!guest.email || !this.mail.enabled) return;
    const key = `${GUEST_MAIL_KEY_PREFIX}${createHash('sha256').update(guest.manageUrl).digest('base64url')}`;
    await this.mail.enqueue(
      key,
      layoutMail(guest.email, {
        lang: 'fr',
        subject: `Votre inscription : ${guest.shiftLabel} — ${guest.eventTitle}`,
        paragraphs: [
          `Bonjour ${guest.name},`,
          `Merci ! Vous êtes inscrit·e comme bénévole au créneau « ${guest.shiftLabel} » de « ${guest.eventTitle} », le ${frenchDay(guest.shiftStart)} à ${frenchTime(guest.shiftStart)}.`,
          'Ce lien personnel vous permet de revoir votre inscription, de l’ajouter à votre agenda ou de l’annuler.',
        ],
        action: { label: 'Voir ou annuler mon inscription', url: guest.manageUrl },
        footer: `Votre nom et votre contact sont effacés ${GUEST_DATA_DAYS} jours après l’événement.`,
      }),
    );
  }
}

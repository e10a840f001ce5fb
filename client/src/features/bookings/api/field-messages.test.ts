import { describe, expect, it } from 'vitest';
import i18n from '@/i18n';
import { ApiError } from '@/lib/api-client';
import { bookingFieldError } from './field-messages';

const badRequest = (field: string, message: string) => new ApiError(400, { status: 400, errors: [{ field, message }] });

describe(bookingFieldError.name, () => {
  it('words the booking rules of the server in French', async () => {
    await i18n.changeLanguage('fr');
    expect(bookingFieldError(badRequest('start', 'is outside the opening hours of this resource (…)'), 'start')).toBe(
      'Ce créneau sort des horaires d’ouverture.',
    );
    expect(bookingFieldError(badRequest('end', 'must be at least 15 minutes after start'), 'end')).toBe('Une réservation dure au moins 15 minutes.');
    // nested fields answer for their parent field
    expect(bookingFieldError(badRequest('recurrence.until', 'gives more than 52 occurrences'), 'recurrence')).toBe(
      'Au plus 52 dates par série : choisissez une date de fin plus proche.',
    );
    expect(bookingFieldError(badRequest('projectId', 'the requesting association is not an active partner of this project'), 'projectId')).toBe(
      'Cette association n’est pas partenaire active de cette action commune.',
    );
    expect(bookingFieldError(badRequest('start', 'x'), 'end')).toBeUndefined();
  });
});

import type { ShiftView } from '@maillage/contract';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/feedback';
import { useRemoveGuest } from '../api/remove-guest';
import './open-doors.css';

/**
 * A shift's guests (signed up from the public page), to list beside its members:
 * `<ShiftGuests shift={shift} canRemove={isOrganizer} />`. Name, contact and the "invité" tag.
 */
export function ShiftGuests({ shift, canRemove }: { shift: ShiftView; canRemove: boolean }) {
  const { t } = useTranslation();
  const remove = useRemoveGuest(shift);
  const guests = shift.guests ?? [];
  if (!guests.length) return null;
  return (
    <>
      <ul className="shift-guests">
        {guests.map((guest) => {
          const name = guest.name ?? t('openDoors.erasedGuest');
          const contact = [guest.phone, guest.email].filter(Boolean);
          return (
            <li key={guest.id}>
              <span className="shift-guests__name">{name}</span> <span className="shift-guests__tag">{t('openDoors.guestTag')}</span>
              {contact.map((value) => (
                <a key={value} className="shift-guests__contact" href={value?.includes('@') ? `mailto:${value}` : `tel:${value?.replace(/[^\d+]/g, '')}`}>
                  {value}
                </a>
              ))}
              {canRemove && (
                <Button variant="ghost" busy={remove.isPending && remove.variables === guest.id} onClick={() => remove.mutate(guest.id)}>
                  {t('openDoors.removeGuest', { name })}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <FormAlert error={remove.error} />
    </>
  );
}

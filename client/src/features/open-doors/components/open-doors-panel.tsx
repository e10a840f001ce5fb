import type { EventView } from '@maillage/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { FormAlert } from '@/components/ui/feedback';
import { downloadPoster, publicPageUrl, useSetEventPublic } from '../api/event-public-page';
import './open-doors.css';

/**
 * The organizers' "page publique" block of an event: publish or close the public page, its link
 * and the poster. An event page includes it with one line: `<OpenDoorsPanel event={event} />`
 * (`onChange` receives the updated event, to put in the page's cache).
 */
export function OpenDoorsPanel({ event, onChange }: { event: EventView; onChange?: (event: EventView) => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(event);
  const toggle = useSetEventPublic(event, (updated) => {
    setCurrent(updated);
    onChange?.(updated);
  });
  const [posterBusy, setPosterBusy] = useState(false);
  const [posterError, setPosterError] = useState<unknown>(null);
  const slug = current.isPublic ? current.publicSlug : null;
  const url = slug ? publicPageUrl(slug) : null;

  const poster = async () => {
    setPosterBusy(true);
    setPosterError(null);
    try {
      await downloadPoster(event.id);
    } catch (error) {
      setPosterError(error);
    } finally {
      setPosterBusy(false);
    }
  };

  return (
    <section className="open-doors" aria-labelledby={`open-doors-${event.id}`}>
      <h2 id={`open-doors-${event.id}`}>{t('openDoors.title')}</h2>
      <p className="open-doors__intro">{t('openDoors.intro')}</p>
      <label className="open-doors__toggle">
        <input type="checkbox" checked={current.isPublic} disabled={toggle.isPending} onChange={(change) => toggle.mutate(change.target.checked)} />
        <span>{t('openDoors.toggle')}</span>
      </label>
      <p role="status">{current.isPublic ? t('openDoors.on') : t('openDoors.off')}</p>
      <FormAlert error={toggle.error} />
      {url && (
        <div className="open-doors__link">
          <label htmlFor={`open-doors-url-${event.id}`}>{t('openDoors.link')}</label>
          <input id={`open-doors-url-${event.id}`} type="text" readOnly value={url} onFocus={(focus) => focus.target.select()} />
          <div className="open-doors__actions">
            <CopyButton text={url} />
            <a className="button button--secondary" href={url} target="_blank" rel="noreferrer">
              {t('openDoors.open')}
            </a>
            <Button variant="secondary" busy={posterBusy} onClick={poster}>
              {posterBusy ? t('openDoors.posterBusy') : t('openDoors.poster')}
            </Button>
          </div>
          <FormAlert error={posterError} />
        </div>
      )}
      <p className="open-doors__note">{t('openDoors.guests')}</p>
    </section>
  );
}

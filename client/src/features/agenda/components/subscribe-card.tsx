import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { CopyButton } from '@/components/ui/copy-button';
import { FormAlert, Loading, Notice } from '@/components/ui/feedback';
import { useCalendarLink, useMe } from '@/features/account/api/me';
import { webcalUrl } from '../api/group';

const QrCode = lazy(() => import('./qr-code'));

/**
 * The personal calendar feed: the webcal link (phones subscribe to it), the https address with a copy
 * button (Google Calendar wants it), a QR code of the webcal link for a phone's camera, short steps for
 * iPhone and Android, and a new link that retires the old one, with a warning first.
 */
export function SubscribeCard() {
  const { t } = useTranslation();
  const me = useMe();
  const { create } = useCalendarLink();
  const [renewed, setRenewed] = useState(false);
  const feedUrl = me.data?.calendarFeedUrl ?? null;

  return (
    <section className="card subscribe" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">{t('agenda.subscribe.title')}</h2>
      <p>{t('agenda.subscribe.intro')}</p>
      {me.isPending ? (
        <Loading />
      ) : me.error ? (
        <FormAlert error={me.error} />
      ) : !feedUrl ? (
        <>
          <p className="muted">{t('agenda.subscribe.none')}</p>
          <div className="actions">
            <Button busy={create.isPending} onClick={() => create.mutate()}>
              {t('agenda.subscribe.create')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className="actions">
            <a className="button button--primary" href={webcalUrl(feedUrl)}>
              {t('agenda.subscribe.open')}
            </a>
          </p>
          <FeedLink id="feed-webcal" label={t('agenda.subscribe.webcal')} url={webcalUrl(feedUrl)} copyLabel={t('agenda.subscribe.copyWebcal')} />
          <FeedLink id="feed-https" label={t('agenda.subscribe.https')} url={feedUrl} copyLabel={t('agenda.subscribe.copyHttps')} />
          <p className="muted subscribe__private">{t('agenda.subscribe.private')}</p>

          <div className="subscribe__qr">
            <Suspense fallback={<div className="qr-code qr-code--placeholder" aria-hidden="true" />}>
              <QrCode text={webcalUrl(feedUrl)} label={t('agenda.subscribe.qrLabel')} />
            </Suspense>
            <div>
              <h3>{t('agenda.subscribe.qrTitle')}</h3>
              <p>{t('agenda.subscribe.qrHint')}</p>
            </div>
          </div>

          <h3>{t('agenda.subscribe.howTitle')}</h3>
          <h4>{t('agenda.subscribe.iphoneTitle')}</h4>
          <ol className="subscribe__steps">
            <li>{t('agenda.subscribe.iphone1')}</li>
            <li>{t('agenda.subscribe.iphone2')}</li>
          </ol>
          <h4>{t('agenda.subscribe.androidTitle')}</h4>
          <ol className="subscribe__steps">
            <li>{t('agenda.subscribe.android1')}</li>
            <li>{t('agenda.subscribe.android2')}</li>
          </ol>

          <h3>{t('agenda.subscribe.regenerate')}</h3>
          <p className="subscribe__warning">{t('agenda.subscribe.regenerateWarning')}</p>
          <div className="actions">
            <ConfirmButton
              question={t('agenda.subscribe.regenerateQuestion')}
              busy={create.isPending}
              onConfirm={() => create.mutate(undefined, { onSuccess: () => setRenewed(true) })}
            >
              {t('agenda.subscribe.regenerate')}
            </ConfirmButton>
          </div>
          {renewed && <Notice tone="success">{t('agenda.subscribe.regenerated')}</Notice>}
        </>
      )}
      {create.error && <FormAlert error={create.error} />}
    </section>
  );
}

function FeedLink({ id, label, url, copyLabel }: { id: string; label: string; url: string; copyLabel: string }) {
  return (
    <div className="field feed-link">
      <label htmlFor={id}>{label}</label>
      <div className="feed-link__row">
        <input id={id} type="text" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        <CopyButton text={url} label={copyLabel} />
      </div>
    </div>
  );
}

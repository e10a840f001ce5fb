import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationEmailMode, NotificationKind, NotificationSettings } from '@maillage/contract';
import { Button } from '@/components/ui/button';
import { FormAlert, Notice } from '@/components/ui/feedback';
import { useNotificationSettings, useSaveNotificationSettings } from '../api/notifications';

const MODES: NotificationEmailMode[] = ['immediate', 'daily', 'off'];
const MODE_LABELS = { immediate: 'notifications.emailImmediate', daily: 'notifications.emailDaily', off: 'notifications.emailOff' } as const;
const KINDS: NotificationKind[] = [
  'task.assigned',
  'mention',
  'project.invited',
  'booking.requested',
  'booking.decided',
  'charter.updated',
  'decision.opened',
  'decision.closing',
  'decision.closed',
  'shift.reminder',
  'loan.overdue',
];

/** "Mon compte": how notifications are e-mailed, and which kinds are muted. */
export function NotificationSettingsSection() {
  const { t } = useTranslation();
  const stored = useNotificationSettings();
  return (
    <section className="card notification-settings" aria-labelledby="notification-settings-title">
      <h2 id="notification-settings-title">{t('notifications.settingsTitle')}</h2>
      <FormAlert error={stored.error} />
      {stored.data && <SettingsForm initial={stored.data} />}
    </section>
  );
}

function SettingsForm({ initial }: { initial: NotificationSettings }) {
  const { t } = useTranslation();
  const save = useSaveNotificationSettings();
  const [draft, setDraft] = useState<NotificationSettings>(initial);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  const toggle = (kind: NotificationKind, muted: boolean) =>
    setDraft((current) => ({ ...current, muted: muted ? [...current.muted, kind] : current.muted.filter((other) => other !== kind) }));

  return (
    <>
      <FormAlert error={save.error} />
      {save.isSuccess && <Notice tone="success">{t('notifications.saved')}</Notice>}
      <form onSubmit={submit} className="form">
        <fieldset className="checkbox-group">
          <legend>{t('notifications.emailMode')}</legend>
          {MODES.map((mode) => (
            <label key={mode} className="checkbox">
              <input type="radio" name="email" value={mode} checked={draft.email === mode} onChange={() => setDraft({ ...draft, email: mode })} />{' '}
              {t(MODE_LABELS[mode])}
            </label>
          ))}
        </fieldset>
        <fieldset className="checkbox-group">
          <legend>{t('notifications.mutedLegend')}</legend>
          {KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input type="checkbox" checked={draft.muted.includes(kind)} onChange={(event) => toggle(kind, event.target.checked)} />{' '}
              {t(`notifications.kinds.${kind.replace('.', '_')}`)}
            </label>
          ))}
        </fieldset>
        <Button type="submit" busy={save.isPending}>
          {t('notifications.saveSettings')}
        </Button>
      </form>
    </>
  );
}

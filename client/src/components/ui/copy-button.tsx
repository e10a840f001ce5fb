import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button';

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2500);
    } catch {
      window.prompt(t('common.copyManually'), text);
    }
  };
  return (
    <>
      <Button variant="secondary" onClick={copy}>
        {label ?? t('common.copy')}
      </Button>
      <span role="status" className="copy-status">
        {copied ? t('common.copied') : ''}
      </span>
    </>
  );
}

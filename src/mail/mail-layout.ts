import type { Mail } from './mail-outbox.service';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export interface MailContent {
  subject: string;
  /** Paragraphs of plain text, in the recipient's language. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** A last, smaller paragraph (why this mail came, how to stop it). */
  footer?: string;
  lang: string;
}

/** The same words as plain text and as simple, accessible HTML (one column, real link text). */
export function layoutMail(to: string, content: MailContent, headers?: Record<string, string>): Mail {
  const { subject, paragraphs, action, footer, lang } = content;
  // French puts a space before the colon.
  const colon = lang === 'fr' ? ' : ' : ': ';
  const text = [...paragraphs, ...(action ? [`${action.label}${colon}${action.url}`] : []), ...(footer ? ['--', footer] : [])].join('\n\n');
  const html = [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;max-width:36rem;margin:auto;padding:1rem">',
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`),
    action ? `<p><a href="${escapeHtml(action.url)}" style="color:#0b4f9c;font-weight:bold">${escapeHtml(action.label)}</a></p>` : '',
    footer ? `<hr><p style="font-size:0.875rem;color:#555">${escapeHtml(footer)}</p>` : '',
    '</body></html>',
  ].join('\n');
  return { to, subject, text, html, headers };
}

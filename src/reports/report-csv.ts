import type { ContributionView } from '@maillage/contract';
import { accountOf, decimalComma, KIND_LABELS, SOURCE_LABELS, STATUS_LABELS } from './report-labels';

const HEADER = ['Date', 'Association', 'Nature', 'Description', 'Quantité', 'Unité', 'Statut', 'Origine', 'Valeur (€)', 'Compte'];

/** A field as French spreadsheets read it: quoted when it holds the separator, a quote or a line break. */
function field(value: string): string {
  // A leading =, +, - or @ would be run as a formula by the spreadsheet: a quote mark keeps it text.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * One row per contribution, as Excel and LibreOffice open it in France with a double click:
 * UTF-8 with a byte order mark, `;` between fields, a decimal comma, CRLF line ends.
 */
export function contributionsCsv(items: ContributionView[], names: Map<string, string>): string {
  const rows = items.map((item) =>
    [
      item.date ?? '',
      names.get(item.associationId) ?? '',
      KIND_LABELS[item.kind],
      item.description,
      decimalComma(item.quantity),
      item.unit,
      STATUS_LABELS[item.status],
      SOURCE_LABELS[item.source],
      decimalComma(item.valueEuros),
      accountOf(item),
    ].map(field),
  );
  return `\uFEFF${[HEADER, ...rows].map((row) => row.join(';')).join('\r\n')}\r\n`;
}

// The PDF report is one long layout routine: its sections follow the order a funder reads them.
import type { ContributionKind, ContributionView, ProjectSummary } from '@maillage/contract';
import PDFDocument from 'pdfkit';
import { DEFAULT_VOLUNTEER_HOURLY_RATE_EUROS } from '../contributions/valuation';
import { accountOf, clock, euros, KIND_LABELS, longDay, number, periodLabel, SOURCE_LABELS, STATUS_LABELS } from './report-labels';
import { KINDS } from './summary';
import { decisionRows, ReportDecision } from './report-decisions';

export interface ReportData {
  project: { title: string; description: string | null; charterVersion: number };
  summary: ProjectSummary;
  items: ContributionView[];
  tasksDone: { associationId: string | null; title: string }[];
  names: Map<string, string>;
  /** Latest charter signature per association. */
  signatures: Map<string, { version: number; signedAt: string }>;
  events: {
    title: string;
    start: string;
    end: string;
    location: string | null;
    organizerAssociationId: string;
    shifts: { label: string; start: string; end: string; needed: number; signedUp: number; attended: number; hours: number }[];
  }[];
  generatedAt: Date;
  /** Decisions closed in the period, one voice per association. */
  decisions?: ReportDecision[];
}

const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#0b6e4f';
const RULE = '#cbd2d9';
const ZEBRA = '#f0f4f8';
const KIND_COLORS: Record<ContributionKind, string> = {
  money: '#0b6e4f',
  volunteer_hours: '#2f80ed',
  material: '#f2994a',
  premises: '#9b51e0',
  service: '#eb5757',
};

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** Renders the report to a PDF buffer (A4, French, page numbers). */
export function renderReportPdf(data: ReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 50, right: 50 },
    bufferPages: true,
    lang: 'fr-FR',
    info: { Title: `Bilan — ${data.project.title}`, Author: 'Maillage', Subject: 'Bilan du projet et contributions des partenaires' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const name = (id: string | null) => (id ? (data.names.get(id) ?? 'Association') : 'Sans association');
  const { summary } = data;

  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    // A heading never ends a page: it keeps at least a few lines of its section with it.
    ensure(100);
    doc.moveDown(0.8);
    doc.font('Helvetica-Bold').fontSize(14).fillColor(ACCENT).text(text, left, doc.y, { width });
    const y = doc.y + 2;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.8)
      .strokeColor(ACCENT)
      .stroke();
    doc.moveDown(0.6);
    doc.font('Helvetica').fontSize(10).fillColor(INK);
  };
  const paragraph = (text: string, options: { color?: string; size?: number } = {}) => {
    doc
      .font('Helvetica')
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? INK)
      .text(text, left, doc.y, { width });
  };
  const table = (columns: Column[], rows: string[][], options: { boldLast?: boolean } = {}) => {
    const padding = 4;
    const rowHeight = (cells: string[], bold: boolean, size = 9) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
      return Math.max(...cells.map((cell, index) => doc.heightOfString(cell, { width: columns[index].width - 2 * padding }))) + 2 * padding;
    };
    const drawRow = (cells: string[], y: number, height: number, style: 'header' | 'zebra' | 'plain' | 'total') => {
      if (style === 'header') doc.rect(left, y, width, height).fill(ACCENT);
      else if (style === 'zebra') doc.rect(left, y, width, height).fill(ZEBRA);
      else if (style === 'total') doc.rect(left, y, width, height).fill('#d9e2ec');
      let x = left;
      doc
        .font(style === 'header' || style === 'total' ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(style === 'header' ? 8 : 9)
        .fillColor(style === 'header' ? '#ffffff' : INK);
      cells.forEach((cell, index) => {
        const column = columns[index];
        doc.text(cell, x + padding, y + padding, { width: column.width - 2 * padding, align: column.align ?? 'left' });
        x += column.width;
      });
    };
    const header = columns.map((column) => column.header);
    const headerHeight = rowHeight(header, true, 8);
    ensure(headerHeight + 20);
    let y = doc.y;
    drawRow(header, y, headerHeight, 'header');
    y += headerHeight;
    rows.forEach((cells, index) => {
      const isTotal = !!options.boldLast && index === rows.length - 1;
      const height = rowHeight(cells, isTotal);
      if (y + height > bottom()) {
        doc.addPage();
        y = doc.y;
        drawRow(header, y, headerHeight, 'header');
        y += headerHeight;
      }
      drawRow(cells, y, height, isTotal ? 'total' : index % 2 ? 'zebra' : 'plain');
      y += height;
    });
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.x = left;
    doc.y = y + 8;
  };

  // ------------------------------------------------------------ title
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text('BILAN DU PROJET — CONTRIBUTIONS DES PARTENAIRES', left, doc.y, { width, characterSpacing: 1 });
  doc.moveDown(0.4);
  doc.font('Helvetica-Bold').fontSize(22).fillColor(INK).text(data.project.title, { width });
  doc.moveDown(0.3);
  const coordinator = summary.partners.find((partner) => partner.isCoordinator);
  paragraph(
    `Période : ${periodLabel(
      summary.from,
      summary.to,
      data.items.map((item) => item.date),
    )}`,
    { size: 11 },
  );
  if (coordinator) paragraph(`Chef de file : ${coordinator.name}`, { size: 11 });
  paragraph(`Document établi le ${longDay(data.generatedAt)} avec Maillage.`, { color: MUTED });
  if (data.project.description) {
    doc.moveDown(0.5);
    paragraph(data.project.description, { color: MUTED });
  }

  // ------------------------------------------------------------ key figures
  doc.moveDown(0.8);
  const boxes = [
    ['Valeur totale des apports', euros(summary.totals.valueEuros)],
    ['Heures de bénévolat réalisées', `${number(summary.totals.volunteerHours)} h`],
    ['Partenaires', String(summary.partners.filter((partner) => partner.active).length)],
  ];
  const boxWidth = (width - 20) / 3;
  const boxY = doc.y;
  boxes.forEach(([label, value], index) => {
    const x = left + index * (boxWidth + 10);
    doc.roundedRect(x, boxY, boxWidth, 58, 4).fill(ZEBRA);
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(label, x + 10, boxY + 10, { width: boxWidth - 20 });
    doc
      .font('Helvetica-Bold')
      .fontSize(16)
      .fillColor(INK)
      .text(value, x + 10, boxY + 28, { width: boxWidth - 20 });
  });
  doc.x = left;
  doc.y = boxY + 70;
  paragraph(
    `Le bénévolat est valorisé à ${euros(summary.volunteerHourlyRateEuros)} de l’heure (${
      summary.volunteerHourlyRateEuros === DEFAULT_VOLUNTEER_HOURLY_RATE_EUROS
        ? 'le SMIC horaire brut de 2026'
        : `taux retenu par le projet ; le SMIC horaire brut de 2026 est de ${euros(DEFAULT_VOLUNTEER_HOURLY_RATE_EUROS)}`
    }). ` + 'Les prêts de locaux et de matériel sont valorisés au tarif de chaque ressource multiplié par la durée réelle du prêt.',
    { color: MUTED, size: 9 },
  );

  // ------------------------------------------------------------ partners and charter
  heading('Partenaires et signatures de la charte');
  table(
    [
      { header: 'Association', width: width * 0.42 },
      { header: 'Rôle', width: width * 0.2 },
      { header: 'Charte de coopération', width: width * 0.38 },
    ],
    summary.partners.map((partner) => {
      const signature = data.signatures.get(partner.associationId);
      const signed = signature
        ? `Version ${signature.version} signée le ${longDay(signature.signedAt)}${signature.version < data.project.charterVersion ? ' (à re-signer)' : ''}`
        : 'Non signée';
      return [partner.name, partner.isCoordinator ? 'Chef de file' : partner.active ? 'Partenaire' : 'Ancien partenaire', signed];
    }),
  );

  // ------------------------------------------------------------ contributions per partner, with a chart
  heading('Apports de chaque partenaire');
  const chartPartners = summary.partners.filter((partner) => partner.active || KINDS.some((kind) => partner.contributions[kind].valueEuros > 0));
  const maxValue = Math.max(1, ...chartPartners.map((partner) => KINDS.reduce((sum, kind) => sum + partner.contributions[kind].valueEuros, 0)));
  const labelWidth = 150;
  const barWidth = width - labelWidth - 80;
  ensure(chartPartners.length * 24 + 40);
  for (const partner of chartPartners) {
    const y = doc.y;
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(INK)
      .text(partner.name, left, y + 3, { width: labelWidth - 8, height: 12, ellipsis: true });
    let x = left + labelWidth;
    let total = 0;
    for (const kind of KINDS) {
      const value = partner.contributions[kind].valueEuros;
      total += value;
      const w = (value / maxValue) * barWidth;
      if (w > 0) doc.rect(x, y, w, 16).fill(KIND_COLORS[kind]);
      x += w;
    }
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor(INK)
      .text(euros(total), x + 6, y + 3, { width: 90 });
    doc.x = left;
    doc.y = y + 24;
  }
  // Legend
  let legendX = left + labelWidth;
  const legendY = doc.y + 2;
  for (const kind of KINDS) {
    doc.rect(legendX, legendY, 9, 9).fill(KIND_COLORS[kind]);
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(KIND_LABELS[kind], legendX + 12, legendY + 1, { lineBreak: false });
    legendX += 12 + doc.widthOfString(KIND_LABELS[kind]) + 14;
  }
  doc.x = left;
  doc.y = legendY + 20;

  const kindColumns: Column[] = [
    { header: 'Association', width: width * 0.16 },
    ...KINDS.map((kind) => ({ header: KIND_LABELS[kind], width: width * 0.11, align: 'right' as const })),
    { header: 'Heures', width: width * 0.08, align: 'right' },
    { header: 'Total', width: width * 0.12, align: 'right' },
    { header: 'Part', width: width * 0.09, align: 'right' },
  ];
  table(
    kindColumns,
    [
      ...summary.partners.map((partner) => [
        partner.name,
        ...KINDS.map((kind) => euros(partner.contributions[kind].valueEuros)),
        number(partner.volunteerHours),
        euros(KINDS.reduce((sum, kind) => sum + partner.contributions[kind].valueEuros, 0)),
        `${number(Math.round(partner.shareOfValue * 1000) / 10)} %`,
      ]),
      [
        'Total',
        ...KINDS.map((kind) => euros(summary.totals[kind].valueEuros)),
        number(summary.totals.volunteerHours),
        euros(summary.totals.valueEuros),
        '100 %',
      ],
    ],
    { boldLast: true },
  );
  const pledged = KINDS.reduce((sum, kind) => sum + summary.totals[kind].pledged, 0);
  if (pledged > 0) paragraph(`Dont ${euros(pledged)} promis et pas encore réalisés.`, { color: MUTED, size: 9 });

  // ------------------------------------------------------------ in-kind table (class 8)
  heading('Contributions volontaires en nature (plan comptable associatif, classe 8)');
  table(
    [
      { header: 'Compte (emploi)', width: width * 0.16 },
      { header: 'Contrepartie', width: width * 0.16 },
      { header: 'Intitulé', width: width * 0.48 },
      { header: 'Montant', width: width * 0.2, align: 'right' },
    ],
    [
      ...summary.inKind.map((row) => [row.account, row.counterpart, row.label, euros(row.valueEuros)]),
      ['', '', 'Total des contributions en nature', euros(summary.inKind.reduce((sum, row) => sum + row.valueEuros, 0))],
    ],
    { boldLast: true },
  );
  paragraph('Seuls les apports réalisés sont portés en comptabilité (règlement ANC 2018-06).', { color: MUTED, size: 9 });

  // ------------------------------------------------------------ tasks done per partner
  heading('Tâches réalisées par partenaire');
  if (!data.tasksDone.length) paragraph('Aucune tâche terminée pour l’instant.', { color: MUTED });
  const byAssociation = new Map<string | null, string[]>();
  for (const task of data.tasksDone) byAssociation.set(task.associationId, [...(byAssociation.get(task.associationId) ?? []), task.title]);
  for (const [associationId, titles] of byAssociation) {
    ensure(40);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor(INK)
      .text(`${name(associationId)} — ${titles.length} tâche${titles.length > 1 ? 's' : ''}`, left, doc.y, { width });
    doc
      .font('Helvetica')
      .fontSize(9.5)
      .fillColor(INK)
      .list(titles, left + 10, doc.y + 2, { width: width - 10, bulletRadius: 1.5 });
    doc.x = left;
    doc.moveDown(0.5);
  }

  // ------------------------------------------------------------ events, shifts and volunteer hours
  heading('Événements, créneaux et heures bénévoles');
  if (!data.events.length) paragraph('Aucun événement sur la période.', { color: MUTED });
  for (const event of data.events) {
    ensure(70);
    doc.font('Helvetica-Bold').fontSize(10.5).fillColor(INK).text(event.title, left, doc.y, { width });
    paragraph(
      `${longDay(event.start)}, ${clock(event.start)}–${clock(event.end)}${event.location ? ` — ${event.location}` : ''} — organisé par ${name(event.organizerAssociationId)}`,
      { color: MUTED, size: 9 },
    );
    doc.moveDown(0.3);
    if (!event.shifts.length) {
      paragraph('Sans créneau bénévole.', { color: MUTED, size: 9 });
      doc.moveDown(0.4);
      continue;
    }
    table(
      [
        { header: 'Créneau', width: width * 0.34 },
        { header: 'Horaire', width: width * 0.2 },
        { header: 'Inscrits / besoin', width: width * 0.16, align: 'right' },
        { header: 'Présents', width: width * 0.12, align: 'right' },
        { header: 'Heures réalisées', width: width * 0.18, align: 'right' },
      ],
      event.shifts.map((shift) => [
        shift.label,
        `${clock(shift.start)}–${clock(shift.end)}`,
        `${shift.signedUp} / ${shift.needed}`,
        String(shift.attended),
        `${number(shift.attended * shift.hours)} h`,
      ]),
    );
  }

  // ------------------------------------------------------------ detail per partner
  heading('Détail des apports');
  const items = data.items;
  if (!items.length) paragraph('Aucun apport sur la période.', { color: MUTED });
  for (const partner of summary.partners) {
    const own = items.filter((item) => item.associationId === partner.associationId);
    if (!own.length) continue;
    ensure(60);
    doc.font('Helvetica-Bold').fontSize(10.5).fillColor(INK).text(partner.name, left, doc.y, { width });
    doc.moveDown(0.2);
    table(
      [
        { header: 'Date', width: width * 0.12 },
        { header: 'Nature', width: width * 0.12 },
        { header: 'Description', width: width * 0.3 },
        { header: 'Quantité', width: width * 0.12, align: 'right' },
        { header: 'Statut', width: width * 0.1 },
        { header: 'Compte', width: width * 0.1 },
        { header: 'Valeur', width: width * 0.14, align: 'right' },
      ],
      own.map((item) => [
        item.date ? item.date.split('-').reverse().join('/') : '—',
        KIND_LABELS[item.kind],
        `${item.description}${item.source === 'manual' ? '' : ` (${SOURCE_LABELS[item.source].toLowerCase()})`}`,
        `${number(item.quantity)} ${item.unit}`,
        STATUS_LABELS[item.status],
        accountOf(item),
        euros(item.valueEuros),
      ]),
    );
  }

  // ------------------------------------------------------------ shared decisions (report-decisions.ts)
  if (data.decisions) {
    heading('Décisions partagées (une voix par association)');
    if (!data.decisions.length) paragraph('Aucune décision close sur la période.', { color: MUTED });
    else
      table(
        [
          { header: 'Décision', width: width * 0.46 },
          { header: 'Close le', width: width * 0.2 },
          { header: 'Issue', width: width * 0.22 },
          { header: 'Voix', width: width * 0.12, align: 'right' },
        ],
        decisionRows(data.decisions),
      );
  }

  // ------------------------------------------------------------ signatures of the report
  ensure(130);
  heading('Visas');
  paragraph('Bilan établi conjointement par les partenaires du projet.', { color: MUTED, size: 9 });
  doc.moveDown(0.8);
  const visaY = doc.y;
  const visaWidth = (width - 20) / 2;
  [coordinator ? `Pour ${coordinator.name} (chef de file)` : 'Pour le chef de file', 'Pour le financeur'].forEach((label, index) => {
    const x = left + index * (visaWidth + 20);
    doc.font('Helvetica').fontSize(9).fillColor(INK).text(label, x, visaY, { width: visaWidth });
    doc.text('Nom, date et signature :', x, visaY + 14, { width: visaWidth });
    doc
      .rect(x, visaY + 30, visaWidth, 60)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  });
  doc.x = left;
  doc.y = visaY + 100;

  // ------------------------------------------------------------ page numbers
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const footerY = doc.page.height - 40;
    // Writing below the bottom margin must not open a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .moveTo(left, footerY - 6)
      .lineTo(left + width, footerY - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`Bilan — ${data.project.title}`, left, footerY, { width: width - 80, lineBreak: false, ellipsis: true });
    doc.text(`Page ${index + 1 - range.start} sur ${range.count}`, left + width - 80, footerY, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

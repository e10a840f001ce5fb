import type { PublicEventView } from '@maillage/contract';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { frenchRange, frenchTime } from './french-dates';

const INK = '#1b1b1b';
const ACCENT = '#0b5d4b';
const MUTED = '#4a4a4a';
/** A poster is read from across a corridor: a handful of shifts in large type, the QR code for the rest. */
const MAX_SHIFTS_SHOWN = 5;

/**
 * An A4 poster of a public event: its title and dates in large type, the shifts still looking for
 * people, and a QR code of its public page (drawn as vector squares, so it prints sharp at any size).
 */
export function renderPoster(event: PublicEventView): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: event.title, Author: 'Maillage', Subject: 'Affiche' }, lang: 'fr-FR' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.rect(0, 0, doc.page.width, 14).fill(ACCENT);
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(40).fillColor(INK).text(event.title, left, 56, { width, align: 'center' });
  doc.moveDown(0.3);
  doc
    .font('Helvetica')
    .fontSize(20)
    .fillColor(INK)
    .text(capitalize(frenchRange(event.start, event.end)), { width, align: 'center' });
  const place = [event.place?.name, event.place?.address ?? null, event.location].filter(Boolean).join(' — ');
  if (place) doc.moveDown(0.3).fontSize(18).fillColor(MUTED).text(place, { width, align: 'center' });

  const open = event.shifts.filter((shift) => shift.open);
  doc.moveDown(1);
  if (open.length) {
    doc.font('Helvetica-Bold').fontSize(26).fillColor(ACCENT).text('On cherche des bénévoles !', { width, align: 'center' });
    doc.moveDown(0.4);
    for (const shift of open.slice(0, MAX_SHIFTS_SHOWN)) {
      const places = shift.remaining === 1 ? '1 place' : `${shift.remaining} places`;
      doc.font('Helvetica-Bold').fontSize(22).fillColor(INK).text(shift.label, { width, align: 'center', continued: false });
      doc
        .font('Helvetica')
        .fontSize(18)
        .fillColor(MUTED)
        .text(`${capitalize(frenchRange(shift.start, shift.end).replace(/, de .*$/, ''))}, ${frenchTime(shift.start)} – ${frenchTime(shift.end)} · ${places}`, {
          width,
          align: 'center',
        });
      doc.moveDown(0.5);
    }
    if (open.length > MAX_SHIFTS_SHOWN)
      doc
        .fontSize(16)
        .fillColor(MUTED)
        .text(`… et ${open.length - MAX_SHIFTS_SHOWN} autres créneaux`, { width, align: 'center' });
  } else {
    doc.font('Helvetica-Bold').fontSize(24).fillColor(ACCENT).text('Venez nombreux !', { width, align: 'center' });
  }

  const qrSize = 250;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const qrTop = Math.max(doc.y + 16, bottom - qrSize - 90);
  drawQrCode(doc, event.url, (doc.page.width - qrSize) / 2, qrTop, qrSize);
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .fillColor(INK)
    .text(open.length ? 'Inscrivez-vous sans compte : scannez le code' : 'Tout savoir : scannez le code', left, qrTop + qrSize + 12, {
      width,
      align: 'center',
    });
  doc.font('Helvetica').fontSize(13).fillColor(MUTED).text(event.url, { width, align: 'center' });
  if (event.associations.length) {
    doc.fontSize(11).text(`Avec ${event.associations.map((association) => association.name).join(', ')}`, { width, align: 'center' });
  }
  doc.end();
  return done;
}

function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = size / (modules.size + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.get(row, column)) doc.rect(x + (column + quiet) * cell, y + (row + quiet) * cell, cell + 0.2, cell + 0.2);
    }
  }
  doc.fill().restore();
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

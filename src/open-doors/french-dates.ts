/** Dates as French people write them, in Paris time: "samedi 1er juin 2026", "14 h 30". */
const DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const PARTS = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DAY_KEY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

export function frenchDay(date: Date | string): string {
  return DAY.format(new Date(date)).replace(/(^|\s)1(\s)/, '$11er$2');
}

export function frenchTime(date: Date | string): string {
  const parts = PARTS.formatToParts(new Date(date));
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? '0');
  const minute = parts.find((part) => part.type === 'minute')?.value ?? '00';
  return minute === '00' ? `${hour} h` : `${hour} h ${minute}`;
}

/** "samedi 20 juin 2026, de 14 h à 18 h", or across days "du samedi 20 juin 2026 à 14 h au dimanche 21 juin 2026 à 2 h". */
export function frenchRange(start: Date | string, end: Date | string): string {
  if (DAY_KEY.format(new Date(start)) === DAY_KEY.format(new Date(end))) {
    return `${frenchDay(start)}, de ${frenchTime(start)} à ${frenchTime(end)}`;
  }
  return `du ${frenchDay(start)} à ${frenchTime(start)} au ${frenchDay(end)} à ${frenchTime(end)}`;
}

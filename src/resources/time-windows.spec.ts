import { outsideOpeningHours, peakUsage } from './time-windows';

describe('outsideOpeningHours', () => {
  const saturdayEvening = [{ day: 6, opens: '09:00', closes: '00:00' }];

  it('treats a slot closing at 00:00 as open until midnight', () => {
    // 14:00 to 23:30 Paris time on Saturday 19 June 2027 (UTC+2).
    expect(outsideOpeningHours(saturdayEvening, new Date('2027-06-19T12:00:00Z'), new Date('2027-06-19T21:30:00Z'))).toBeNull();
    expect(outsideOpeningHours(saturdayEvening, new Date('2027-06-19T12:00:00Z'), new Date('2027-06-19T22:00:00Z'))).toBeNull();
  });

  it('names the bound that falls outside', () => {
    expect(outsideOpeningHours(saturdayEvening, new Date('2027-06-19T05:00:00Z'), new Date('2027-06-19T08:00:00Z'))).toBe('start');
    expect(outsideOpeningHours([{ day: 6, opens: '09:00', closes: '18:00' }], new Date('2027-06-19T12:00:00Z'), new Date('2027-06-19T17:00:00Z'))).toBe('end');
  });
});

describe('peakUsage', () => {
  it('frees units at an end before a start at the same instant takes them', () => {
    const at = (hour: number) => new Date(Date.UTC(2027, 0, 1, hour));
    expect(
      peakUsage(
        [
          { start: at(8), end: at(10), quantity: 1 },
          { start: at(10), end: at(12), quantity: 1 },
        ],
        at(0),
        at(23),
      ),
    ).toBe(1);
    expect(
      peakUsage(
        [
          { start: at(8), end: at(11), quantity: 2 },
          { start: at(10), end: at(12), quantity: 1 },
        ],
        at(0),
        at(23),
      ),
    ).toBe(3);
  });
});

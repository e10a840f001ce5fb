import { TokenBucket } from './token-bucket';

describe(TokenBucket.name, () => {
  let clock: number;
  let sut: TokenBucket;

  beforeEach(() => {
    clock = 0;
    sut = new TokenBucket(20, 40, () => clock);
  });

  describe('tryTake', () => {
    it('allows a burst, then refuses', () => {
      const taken = Array.from({ length: 50 }, () => sut.tryTake()).filter(Boolean).length;
      expect(taken).toBe(40);
    });

    it('refills at the rate, up to the burst', () => {
      while (sut.tryTake());
      clock += 100;
      expect([sut.tryTake(), sut.tryTake(), sut.tryTake()]).toEqual([true, true, false]);
      clock += 60_000;
      expect(Array.from({ length: 50 }, () => sut.tryTake()).filter(Boolean).length).toBe(40);
    });
  });
});

import { ShortMemo } from './short-memo';

describe(ShortMemo.name, () => {
  afterEach(() => jest.useRealTimers());

  it('shares one load between concurrent asks, and remembers it for its time to live', async () => {
    jest.useFakeTimers();
    const memo = new ShortMemo<number>(500);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([memo.get('a', load), memo.get('a', load), memo.get('a', load)])).toEqual([1, 1, 1]);
    jest.advanceTimersByTime(499);
    expect(await memo.get('a', load)).toBe(1);
    jest.advanceTimersByTime(1);
    expect(await memo.get('a', load)).toBe(2);
    expect(await memo.get('b', load)).toBe(3);
  });

  it('forgets a key on demand, and never remembers a failed load', async () => {
    const memo = new ShortMemo<string>(60_000);
    expect(await memo.get('a', async () => 'old')).toBe('old');
    memo.forget('a');
    expect(await memo.get('a', async () => 'new')).toBe('new');
    await expect(memo.get('b', () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    expect(await memo.get('b', async () => 'back')).toBe('back');
  });

  it('starts over past its size limit', async () => {
    const memo = new ShortMemo<string>(60_000, { maxKeys: 2 });
    await memo.get('a', async () => 'a1');
    await memo.get('b', async () => 'b1');
    await memo.get('c', async () => 'c1');
    expect(await memo.get('a', async () => 'a2')).toBe('a2');
  });

  it('with a mark: keeps an answer while the mark stays, up to its time to live, and reloads when it moves', async () => {
    jest.useFakeTimers();
    let mark = 'm1';
    const memo = new ShortMemo<number>(10_000, { mark: async () => mark });
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([memo.get('a', load), memo.get('a', load)])).toEqual([1, 1]);
    jest.advanceTimersByTime(9_999);
    expect(await memo.get('a', load)).toBe(1);
    mark = 'm2';
    expect(await memo.get('a', load)).toBe(2);
    jest.advanceTimersByTime(10_000);
    expect(await memo.get('a', load)).toBe(3);
  });

  it('primes keys from a bulk read under the mark read before it, without replacing a key already asked', async () => {
    jest.useFakeTimers();
    let mark = 'm1';
    const memo = new ShortMemo<string>(10_000, { mark: async () => mark });
    await memo.get('asked', async () => 'own load');
    const added = await memo.prime(async () => {
      mark = 'm2'; // moved while the bulk read ran: what it read may be older than the change
      return new Map([
        ['asked', 'bulk'],
        ['other', 'bulk'],
      ]);
    });
    expect(added).toBe(1);
    expect(await memo.get('other', async () => 'reloaded')).toBe('reloaded');

    await memo.prime(async () => new Map([['third', 'bulk']]));
    expect(await memo.get('third', async () => 'reloaded')).toBe('bulk');
    jest.advanceTimersByTime(10_000);
    expect(await memo.get('third', async () => 'expired')).toBe('expired');
  });

  it('keeps nothing from a bulk read during which a key was forgotten', async () => {
    const memo = new ShortMemo<string>(60_000);
    const added = await memo.prime(async () => {
      memo.forget('a'); // e.g. the account was renamed here meanwhile
      return new Map([['a', 'before the rename']]);
    });
    expect(added).toBe(0);
    expect(await memo.get('a', async () => 'after')).toBe('after');
  });
});

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

  it('with refreshAhead: a key asked in the second half of its life is read again behind the answer', async () => {
    jest.useFakeTimers();
    const memo = new ShortMemo<number>(10_000, { mark: async () => 'm1', refreshAhead: true });
    let loads = 0;
    const load = async () => ++loads;
    expect(await memo.get('a', load)).toBe(1);
    jest.advanceTimersByTime(4_000);
    expect(await memo.get('a', load)).toBe(1);
    expect(loads).toBe(1);
    jest.advanceTimersByTime(2_000);
    // Answered from memory at once, and read again behind it.
    expect(await memo.get('a', load)).toBe(1);
    expect(loads).toBe(2);
    expect(await memo.get('a', load)).toBe(2);
    // The new answer counts its life from its own read: past the first one's end, it still stands.
    jest.advanceTimersByTime(5_000);
    expect(await memo.get('a', load)).toBe(2);
  });

  it('with refreshAhead: a failed read behind keeps the answer until its end, and one overtaken by a forget is dropped', async () => {
    jest.useFakeTimers();
    const memo = new ShortMemo<string>(10_000, { refreshAhead: true });
    await memo.get('a', async () => 'first');
    jest.advanceTimersByTime(6_000);
    expect(await memo.get('a', () => Promise.reject(new Error('database away')))).toBe('first');
    await Promise.resolve();
    expect(await memo.get('a', async () => 'unused')).toBe('first');
    jest.advanceTimersByTime(4_000);
    expect(await memo.get('a', async () => 'reloaded')).toBe('reloaded');

    jest.advanceTimersByTime(6_000);
    let finish: (value: string) => void = () => undefined;
    expect(await memo.get('a', () => new Promise<string>((resolve) => (finish = resolve)))).toBe('reloaded');
    memo.forget('a');
    finish('read before the change');
    await Promise.resolve();
    expect(await memo.get('a', async () => 'after the change')).toBe('after the change');
  });

  it('renew: loads a key without an answer, and reads a live one again behind it', async () => {
    jest.useFakeTimers();
    const memo = new ShortMemo<number>(500);
    let loads = 0;
    let fail = false;
    const load = async () => {
      loads++;
      if (fail) throw new Error('database away');
      return loads;
    };
    memo.renew('a', load);
    expect(await memo.get('a', load)).toBe(1);
    jest.advanceTimersByTime(100);
    memo.renew('a', load);
    // The answer stays while the read behind it runs, then the new one stands for its own 500 ms.
    expect(await memo.get('a', load)).toBe(1);
    await Promise.resolve();
    expect(await memo.get('a', load)).toBe(2);
    jest.advanceTimersByTime(450);
    expect(await memo.get('a', load)).toBe(2);
    // A failed read behind it leaves the answer to its end; the first renewal after that loads again.
    fail = true;
    memo.renew('a', load);
    await Promise.resolve();
    expect(await memo.get('a', load)).toBe(2);
    fail = false;
    jest.advanceTimersByTime(100);
    memo.renew('a', load);
    expect(await memo.get('a', load)).toBe(4);
    expect(loads).toBe(4);
  });
});

import { ProjectReaders } from './project-readers';

describe('ProjectReaders', () => {
  let epoch: number;
  let reads: string[];
  let readers: Map<string, Set<string>>;
  let failNext: boolean;
  const make = (ttlMs = 10_000) =>
    new ProjectReaders({
      read: async (projectId) => {
        reads.push(projectId);
        if (failNext) {
          failNext = false;
          throw new Error('database away');
        }
        return new Set(readers.get(projectId));
      },
      epoch: () => epoch,
      ttlMs,
    });

  beforeEach(() => {
    epoch = 0;
    reads = [];
    failNext = false;
    readers = new Map([
      ['p1', new Set(['alice', 'bob'])],
      ['p2', new Set(['carol'])],
    ]);
  });
  afterEach(() => jest.useRealTimers());

  it('answers a storm of joins of one project with one read', async () => {
    const cache = make();
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, n) => cache.includes(n % 2 ? 'alice' : 'bob', 'p1')));
    expect(answers.every(Boolean)).toBe(true);
    expect(await cache.includes('carol', 'p2')).toBe(true);
    expect(reads).toEqual(['p1', 'p2']);
  });

  it('says "not known" for someone outside the set, which the caller checks in full', async () => {
    const cache = make();
    expect(await cache.includes('mallory', 'p1')).toBe(false);
    expect(await cache.includes('alice', 'p2')).toBe(false);
  });

  it('reads again after any access change, so a removed member is no longer let in', async () => {
    const cache = make();
    expect(await cache.includes('bob', 'p1')).toBe(true);
    readers.get('p1')!.delete('bob');
    epoch++;
    expect(await cache.includes('bob', 'p1')).toBe(false);
    expect(reads).toEqual(['p1', 'p1']);
  });

  it('reads again once the entry is older than its time to live', async () => {
    jest.useFakeTimers();
    const cache = make(10_000);
    await cache.includes('alice', 'p1');
    jest.advanceTimersByTime(9_999);
    await cache.includes('alice', 'p1');
    jest.advanceTimersByTime(1);
    await cache.includes('alice', 'p1');
    expect(reads).toEqual(['p1', 'p1']);
  });

  it('does not remember a failed read', async () => {
    const cache = make();
    failNext = true;
    await expect(cache.includes('alice', 'p1')).rejects.toThrow('database away');
    expect(await cache.includes('alice', 'p1')).toBe(true);
    expect(reads).toEqual(['p1', 'p1']);
  });
});

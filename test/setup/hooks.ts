import { randomBytes } from 'node:crypto';
import { LocalRedis, startRedis } from './redis';
import { createTestApp, TestApp } from './test-app';

/**
 * Registers the hooks of a describe block that runs against one app: boots it before the block,
 * hands it to `ready` (which keeps it and builds the block's fixtures), closes it after the block.
 * `env` overrides configuration variables, as in createTestApp.
 */
export function useTestApp(ready: (t: TestApp) => void | Promise<void>): void;
export function useTestApp(env: Record<string, string>, ready: (t: TestApp) => void | Promise<void>): void;
export function useTestApp(...args: [(t: TestApp) => void | Promise<void>] | [Record<string, string>, (t: TestApp) => void | Promise<void>]): void {
  const [env, ready] = args.length === 1 ? [{}, args[0]] : args;
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await createTestApp(env);
    await ready(t);
  });
  afterAll(async () => {
    await t?.close();
  });
}

/**
 * Registers the hooks of a describe block that runs against two instances of the app sharing one
 * database (two processes behind a load balancer), with a local Redis between them when `redis` is
 * set. `ready` receives both instances (and the Redis, to stop and restart it).
 */
export function useTwoInstances(options: { redis?: boolean }, ready: (a: TestApp, b: TestApp, redis: LocalRedis | undefined) => void | Promise<void>): void {
  let redis: LocalRedis | undefined;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  beforeAll(async () => {
    if (options.redis) redis = await startRedis();
    const env: Record<string, string> = redis ? { REDIS_URL: redis.url } : {};
    const databaseName = `test_${randomBytes(6).toString('hex')}`;
    a = await createTestApp(env, { databaseName });
    b = await createTestApp(env, { databaseName });
    await ready(a, b, redis);
  });
  afterAll(async () => {
    await b?.close();
    await a?.db.dropDatabase().catch(() => undefined);
    await a?.close();
    await redis?.stop();
  });
}

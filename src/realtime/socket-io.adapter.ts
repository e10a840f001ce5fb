import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable } from 'rxjs';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server, ServerOptions } from 'socket.io';
import { AppConfig } from '../config/app.config';

/** Largest socket.io message accepted; bigger ones close the transport (engine.io's own limit). */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

type RedisClient = ReturnType<typeof createClient>;

/**
 * The socket.io server of the app: on the HTTP server's port, CORS from CORS_ORIGINS, a 64 KB
 * message cap, and with REDIS_URL the Redis streams adapter so instances share rooms.
 *
 * Redis going away must not take the app down: every client has an `error` listener and a
 * reconnect strategy; commands issued meanwhile wait in the client's offline queue and run when it
 * is back (the streams adapter then resumes reading the stream where it stopped).
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly logger = new Logger(RealtimeIoAdapter.name);
  private redis?: RedisClient;
  private lastRedisErrorLog = 0;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  /**
   * Builds the server from the app's own socket.io (Nest's adapter bundles another copy): the one the
   * Redis adapter and the gateway's types were written against.
   */
  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const origins = this.config.corsOrigins;
    const serverOptions: Partial<ServerOptions> = {
      ...options,
      maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
      cors: { origin: origins.includes('*') ? true : origins, credentials: false },
      // Catch-up goes through `project:join {afterSeq}`, which re-checks access. socket.io's connection
      // state recovery would replay missed packets before any middleware runs (a revoked or expired
      // session would receive them), so it stays off.
      connectionStateRecovery: undefined,
    };
    const server = this.httpServer && port === 0 ? new Server(this.httpServer, serverOptions) : new Server(port, serverOptions);
    if (this.config.redisUrl) server.adapter(createAdapter(this.connectRedis(this.config.redisUrl)));
    return server;
  }

  /**
   * Nest's version builds an rxjs pipeline per socket and per handler, kept for the socket's life
   * (about a third of an idle socket's memory, bench:sockets), and Nest's `transform` wraps every
   * answer in two more observables (most of the 65 ms rxjs took in a profiled reconnect storm of
   * 1,000 clients). Plain listeners answer
   * the same way: the handler's result, once resolved, is the ack (or an emit when it names an
   * event); a handler answering with an observable still gets each of its values sent.
   */
  override bindMessageHandlers(socket: Parameters<IoAdapter['bindMessageHandlers']>[0], handlers: MessageMappingProperties[]): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      const failed = (error: unknown) => this.logger.error(`Realtime handler of ${String(message)} failed: ${String(error)}`);
      socket.on(message as string, (...args: unknown[]) => {
        // As rxjs's fromEvent hands them to Nest: one argument alone, several as an array.
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        const respond = (response: unknown) => {
          if (response === null || response === undefined) return;
          const event = response as { event?: string; data?: unknown };
          if (event.event) socket.emit(event.event, event.data);
          else if (!isAckHandledManually && typeof ack === 'function') ack(response);
        };
        Promise.resolve(callback(data, ack)).then((result: unknown) => {
          if (isObservable(result)) result.subscribe({ next: respond, error: failed });
          else respond(result);
        }, failed);
      });
    }
  }

  override async close(server: Parameters<IoAdapter['close']>[0]): Promise<void> {
    await super.close(server);
    const redis = this.redis;
    this.redis = undefined;
    if (!redis?.isOpen) return;
    // QUIT lets commands already sent (the adapter's last XADDs) finish instead of rejecting them
    // unheard at shutdown; a Redis that does not answer is dropped after a second.
    const quit = redis.quit().then(
      () => true,
      () => false,
    );
    const answered = await Promise.race([quit, new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000).unref())]);
    if (!answered) await redis.disconnect().catch(() => undefined);
  }

  /** The shared client, for the gateway to learn when Redis comes back. */
  redisClient(): RedisClient | undefined {
    return this.redis;
  }

  private connectRedis(url: string): RedisClient {
    const redis = createClient({
      url,
      socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 5), 1000) },
    });
    redis.on('error', (error: Error) => this.logRedisError(error));
    redis.on('ready', () => this.logger.log('Redis connection ready'));
    redis.connect().catch((error: Error) => this.logRedisError(error));
    // The streams adapter sends server-side emits (our relays between instances) with PUBLISH and
    // drops the returned promise: when Redis resets the connection under a command in flight, that
    // rejection would go unhandled. Mark each one handled here; the adapter never waits for it.
    const publish = redis.publish.bind(redis);
    redis.publish = ((...args: Parameters<typeof publish>) => {
      const sent = publish(...args);
      sent.catch((error: Error) => this.logRedisError(error));
      return sent;
    }) as typeof redis.publish;
    this.redis = redis;
    return redis;
  }

  /** A dead Redis errors on every reconnect attempt: log at most once a second. */
  private logRedisError(error: Error): void {
    const now = Date.now();
    if (now - this.lastRedisErrorLog < 1000) return;
    this.lastRedisErrorLog = now;
    this.logger.warn(`Redis unavailable: ${error.message}`);
  }
}

import { Logger } from '@nestjs/common';
import { ChildProcess } from 'node:child_process';

export interface RestartPolicy {
  /** Wait before the first restart of a server that died. */
  initialDelayMs: number;
  /** The wait doubles after each restart that does not last, up to this. */
  maxDelayMs: number;
  /** A server that ran this long was healthy: its next death waits initialDelayMs again. */
  healthyAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 250, maxDelayMs: 10_000, healthyAfterMs: 30_000 };

export interface SupervisedServer {
  /** Shown in logs, e.g. "ferretdb on 127.0.0.1:41234". */
  name: string;
  /** Spawns the server process (same port, same files every time). */
  spawn: () => ChildProcess;
  /** Resolves once the spawned process accepts connections; rejects (and kills it) otherwise. */
  ready: (child: ChildProcess) => Promise<void>;
  /** Called when a spawned process exited unasked, before any restart: ends what it may leave behind. */
  reap?: (child: ChildProcess) => void;
}

/**
 * Keeps a local database server running for as long as this process wants it: when the server
 * dies (crash, OOM, `kill -9`), it is spawned again with the same port and data directory, after a
 * delay that doubles while restarts keep failing. Clients keep their connection string and
 * reconnect by themselves. stop() ends supervision first, so a deliberate stop is never undone.
 */
export class ServerSupervisor {
  private readonly logger = new Logger('EmbeddedDatabase');
  private child?: ChildProcess;
  private startedAt = 0;
  private delayMs: number;
  private restartTimer?: NodeJS.Timeout;
  private stopping = false;
  private restarts = 0;
  private readonly killOnExit = () => this.child?.kill('SIGTERM');

  private constructor(
    private readonly server: SupervisedServer,
    private readonly policy: RestartPolicy,
  ) {
    this.delayMs = policy.initialDelayMs;
  }

  /** Starts the server once; if that first start fails, it throws and nothing is supervised. */
  static async start(server: SupervisedServer, policy: RestartPolicy = DEFAULT_RESTART_POLICY): Promise<ServerSupervisor> {
    const supervisor = new ServerSupervisor(server, policy);
    process.once('exit', supervisor.killOnExit);
    try {
      await supervisor.launch();
    } catch (error) {
      await supervisor.stop();
      throw error;
    }
    return supervisor;
  }

  /** How many times the server was spawned again after dying. */
  get restartCount(): number {
    return this.restarts;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    process.removeListener('exit', this.killOnExit);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolvePromise) => {
      child.once('exit', () => resolvePromise());
      child.kill('SIGTERM');
    });
  }

  private async launch(): Promise<void> {
    const child = this.server.spawn();
    this.child = child;
    this.startedAt = Date.now();
    // The one place that decides on restarts, whether the server died at once or after days.
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    await this.server.ready(child);
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || child !== this.child) return;
    this.server.reap?.(child);
    if (Date.now() - this.startedAt >= this.policy.healthyAfterMs) this.delayMs = this.policy.initialDelayMs;
    const delay = this.delayMs;
    this.delayMs = Math.min(delay * 2, this.policy.maxDelayMs);
    this.logger.warn(`${this.server.name} exited (${signal ?? `code ${code}`}); restarting it in ${delay} ms`);
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    const started = Date.now();
    try {
      await this.launch();
      this.restarts++;
      this.logger.log(`${this.server.name} restarted in ${Date.now() - started} ms (restart #${this.restarts}), same data`);
    } catch (error) {
      if (this.stopping) return;
      // ready() killed it or it exited: onExit has already scheduled the next attempt.
      this.logger.error(`${this.server.name} could not be restarted: ${(error as Error).message}`);
    }
  }
}

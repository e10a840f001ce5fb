import { readdirSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';

/** Pids of the processes whose command line mentions `needle` (our data directories are unique). */
export function pidsMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Whether a TCP connection to the host and port of `uri` opens within `timeoutMs`. */
export function canConnect(uri: string, timeoutMs = 2000): Promise<boolean> {
  const { hostname, port } = new URL(uri);
  return new Promise((resolvePromise) => {
    const socket = new Socket();
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
    socket.connect(Number(port), hostname);
  });
}

/**
 * Polls until `condition` holds; fails with `what` if it still does not after `timeoutMs`. The short
 * poll keeps the moment it returns close to the moment the condition became true (outage timings).
 */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting until ${what}`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

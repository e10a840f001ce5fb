import { isIP } from 'node:net';
import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got "${value}"`);
  const parsed = Number(value);
  if (parsed < min || parsed > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${parsed}`);
  return parsed;
}

export function readString(env: Env, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

export function readOptionalUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(', ')}), got "${value}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return value;
}

/** `Name <address>` or a bare address: what goes into an e-mail's From. */
export function readMailbox(env: Env, name: string, fallback: string): string {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^([^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(value)) {
    throw new ConfigError(name, `must be an e-mail address, optionally as "Name <address>", got "${value}"`);
  }
  return value;
}

export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
}

/** A comma-separated list whose every item passes `accepts`; `what` names the items in the error. */
function readCheckedList(env: Env, name: string, accepts: (item: string) => boolean, what: string): string[] {
  const value = raw(env, name);
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const rejected = items.find((item) => !accepts(item));
  if (rejected !== undefined) throw new ConfigError(name, `must be a comma-separated list of ${what}; "${rejected}" is not one`);
  return items;
}

export function readList(env: Env, name: string): string[] {
  return readCheckedList(env, name, (item) => item === '*' || URL.canParse(item), 'origins');
}

export function readOptionalSecret(env: Env, name: string, minLength: number): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  if (value.length < minLength) throw new ConfigError(name, `must be at least ${minLength} characters long`);
  return value;
}

const PROXY_ADDRESS_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * A list of proxy addresses in the form Express's `trust proxy` takes: IP addresses, CIDR ranges
 * (`10.0.0.0/8`, `fd00::/8`, `10.0.0.0/255.0.0.0`) and the names loopback, linklocal, uniquelocal.
 * Checked here because Express would only fail at the first request.
 */
export function readProxyAddresses(env: Env, name: string): string[] {
  return readCheckedList(env, name, isProxyAddress, 'IP addresses, CIDR ranges or loopback, linklocal, uniquelocal');
}

function isProxyAddress(item: string): boolean {
  if (PROXY_ADDRESS_NAMES.includes(item)) return true;
  const [address, range, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readChoice, readInteger, readList, readMailbox, readOptionalSecret, readOptionalUrl, readProxyAddresses, readString } from './env-parsers';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri?: string;
  databaseName: string;
  redisUrl?: string;
  jwtSecret: string;
  corsOrigins: string[];
  logLevel: LogLevel;
  authRateLimitPerMinute: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  bodyLimitBytes: number;
  publicUrl: string;
  /** Addresses of the reverse proxies whose X-Forwarded-For is believed; empty: the header is ignored. */
  trustProxy: string[];
  /** smtp: or smtps: URL of the mail server; unset: nothing is e-mailed. */
  smtpUrl?: string;
  /** The From of every e-mail. */
  mailFrom: string;
  /** How often reminders and the digest are looked for; 0: never by itself (tests drive the clock). */
  notificationTickSeconds: number;
}

/** Options the app process sets for itself (tests, embedded database) rather than the environment. */
export interface ConfigOverrides {
  jwtSecret?: string;
  mongodbUri?: string;
  databaseName?: string;
}

const JWT_SECRET_FILE = 'jwt-secret';

/** Reads and validates the whole configuration at start; a bad value throws a ConfigError naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): AppConfig {
  const port = readInteger(env, 'PORT', 3000, 0, 65535);
  const dataDir = resolve(readString(env, 'DATA_DIR', './data'));
  return {
    port,
    host: readString(env, 'HOST', '0.0.0.0'),
    dataDir,
    mongodbUri: overrides.mongodbUri ?? readOptionalUrl(env, 'MONGODB_URI', ['mongodb:', 'mongodb+srv:']),
    databaseName: overrides.databaseName ?? readString(env, 'DATABASE_NAME', 'maillage'),
    redisUrl: readOptionalUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret: overrides.jwtSecret ?? readOptionalSecret(env, 'JWT_SECRET', 32) ?? persistedJwtSecret(dataDir),
    corsOrigins: readList(env, 'CORS_ORIGINS'),
    logLevel: readChoice(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    authRateLimitPerMinute: readInteger(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 30, 1, 100000),
    // The contract caps access tokens at 15 minutes.
    accessTokenTtlSeconds: readInteger(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 5, 900),
    refreshTokenTtlDays: readInteger(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
    bodyLimitBytes: readInteger(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 50 * 1024 * 1024),
    publicUrl: readOptionalUrl(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`,
    trustProxy: readProxyAddresses(env, 'TRUST_PROXY'),
    smtpUrl: readOptionalUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: readMailbox(env, 'MAIL_FROM', 'Maillage <no-reply@localhost>'),
    notificationTickSeconds: readInteger(env, 'NOTIFICATION_TICK_SECONDS', 60, 0, 3600),
  };
}

/** Generated once and kept under DATA_DIR so tokens survive restarts without any set-up. */
function persistedJwtSecret(dataDir: string): string {
  const file = join(dataDir, JWT_SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another process wrote it first: use theirs.
      return readFileSync(file, 'utf8').trim();
    }
  }
}

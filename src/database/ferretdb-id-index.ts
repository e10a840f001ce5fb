import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from 'mongoose';

const run = promisify(execFile);

/** Waits this long for FerretDB's own writes before giving up on the lock (sqlite3's `.timeout`). */
const LOCK_WAIT_MS = 10_000;
/** FerretDB names a collection's table after the collection plus a hash: nothing to quote. */
const TABLE_NAME = /^[A-Za-z0-9_]+$/;
const INDEX_SUFFIX = '_maillage_id_lookup';

export type IdIndexOutcome = { indexed: number; file: string } | { skipped: string };

/**
 * FerretDB v1.24.2 fault (SQLite backend): a query by `_id` alone is "pushed down" to SQLite as
 * `WHERE _ferretdb_sjson->'$._id' = ?`, but the unique `_id_` index FerretDB creates is on
 * `_ferretdb_sjson->"_id"`. SQLite does not see the two as the same expression, so every lookup by
 * `_id` scans its table and parses each row's JSON (110 ms on 10,000 documents, 2.3 ms with an
 * index on the pushdown's own expression). Minimal reproduction in bench/RESULTS.md.
 *
 * The workaround adds that index, with the `sqlite3` command-line tool, to every collection table of
 * the app's database, when the server is a FerretDB on this machine whose SQLite files we can find
 * (its process's `--sqlite-url`, found through the pid it reports). FerretDB does not know of the
 * index: it is dropped with its table, and never changes an answer, only how fast SQLite finds a row.
 * Without `sqlite3` or on another server, nothing happens and lookups stay as fast as FerretDB makes them.
 */
export async function indexFerretDbIdLookups(connection: Connection): Promise<IdIndexOutcome> {
  const db = connection.db!;
  const status = (await db.admin().command({ serverStatus: 1 })) as { ferretdbVersion?: string; pid?: number };
  if (!status.ferretdbVersion) return { skipped: 'not FerretDB' };
  const dir = typeof status.pid === 'number' ? sqliteDirOf(status.pid) : null;
  if (!dir) return { skipped: 'FerretDB runs elsewhere, or not on SQLite files this process can see' };
  const file = join(dir, `${db.databaseName}.sqlite`);
  // Never let sqlite3 create a file FerretDB does not have.
  if (!existsSync(file)) return { skipped: `no ${file}` };
  if (!(await hasSqliteCli())) return { skipped: 'the sqlite3 command is not installed' };
  const tables = (await sqlite(file, 'SELECT table_name FROM _ferretdb_collections;'))
    .split('\n')
    .map((name) => name.trim())
    .filter((name) => TABLE_NAME.test(name));
  if (tables.length) {
    await sqlite(file, tables.map((table) => `CREATE INDEX IF NOT EXISTS "${table}${INDEX_SUFFIX}" ON "${table}" (_ferretdb_sjson->'$._id');`).join('\n'));
  }
  return { indexed: tables.length, file };
}

/** The directory of FerretDB's SQLite files, from the command line of its process (Linux /proc). */
function sqliteDirOf(pid: number): string | null {
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return null;
  }
  if (!args.some((arg) => arg.includes('ferretdb'))) return null;
  const url = args.find((arg) => arg.startsWith('--sqlite-url='))?.slice('--sqlite-url='.length);
  if (!url?.startsWith('file:')) return null;
  const path = url.slice('file:'.length).split('?')[0];
  return path.startsWith('/') && existsSync(path) ? path : null;
}

function hasSqliteCli(): Promise<boolean> {
  return run('sqlite3', ['-version']).then(
    () => true,
    () => false,
  );
}

async function sqlite(file: string, sql: string): Promise<string> {
  const { stdout } = await run('sqlite3', ['-batch', '-cmd', `.timeout ${LOCK_WAIT_MS}`, file, sql], { timeout: LOCK_WAIT_MS * 3 });
  return stdout;
}

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { indexFerretDbIdLookups } from '../src/database/ferretdb-id-index';
import { createTestApp, TestApp } from './setup/test-app';

/**
 * The FerretDB workaround of src/database/ferretdb-id-index.ts, on the run's real server: each
 * collection table gets an index on the expression FerretDB's `_id` pushdown filters on, SQLite uses
 * it, and the answers stay those of the database. On MongoDB there is nothing to index.
 */
describe('Lookups by _id on FerretDB (e2e)', () => {
  let t: TestApp;
  let ferretdb: boolean;
  beforeAll(async () => {
    t = await createTestApp();
    ferretdb = Boolean(((await t.db.db!.admin().command({ serverStatus: 1 })) as { ferretdbVersion?: string }).ferretdbVersion);
  });
  afterAll(() => t.close());

  const sqliteFile = async () => {
    const { pid } = (await t.db.db!.admin().command({ serverStatus: 1 })) as { pid: number };
    const url = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .find((arg) => arg.startsWith('--sqlite-url=file:'))!;
    return join(url.slice('--sqlite-url=file:'.length), `${t.db.db!.databaseName}.sqlite`);
  };
  const sql = async (query: string) =>
    execFileSync('sqlite3', ['-batch', await sqliteFile(), query])
      .toString()
      .trim();

  it('indexes every collection table at start, and SQLite searches a lookup by _id with it', async () => {
    if (!ferretdb) {
      expect(await indexFerretDbIdLookups(t.db)).toEqual({ skipped: 'not FerretDB' });
      return;
    }
    const tables = (await sql('SELECT table_name FROM _ferretdb_collections')).split('\n');
    const indexes = (await sql("SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name LIKE '%_maillage_id_lookup'")).split('\n');
    expect(tables.length).toBeGreaterThanOrEqual(t.db.modelNames().length);
    expect(indexes.sort()).toEqual(tables.sort());

    const tasksTable = await sql("SELECT table_name FROM _ferretdb_collections WHERE name = 'tasks'");
    const plan = await sql(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "${tasksTable}" WHERE _ferretdb_sjson->'$._id' = '"x"'`);
    expect(plan).toContain(`USING INDEX ${tasksTable}_maillage_id_lookup`);
  });

  it('adds the index to a collection created later, and lookups by _id still find exactly their document', async () => {
    const collection = t.db.collection(`later_${Date.now()}`);
    const ids = Array.from({ length: 50 }, () => new Types.ObjectId());
    await collection.insertMany(ids.map((_id, n) => ({ _id, n })));
    const outcome = await indexFerretDbIdLookups(t.db);
    if (ferretdb) expect(outcome).toMatchObject({ indexed: expect.any(Number) });
    // Run twice: the second start finds the indexes there and changes nothing.
    await indexFerretDbIdLookups(t.db);

    expect(await collection.findOne({ _id: ids[17] })).toEqual({ _id: ids[17], n: 17 });
    expect(await collection.findOne({ _id: new Types.ObjectId() })).toBeNull();
    await collection.updateOne({ _id: ids[3] }, { $set: { n: 300 } });
    await collection.deleteOne({ _id: ids[4] });
    expect(await collection.find({ _id: { $in: [ids[3], ids[4], ids[5]] } }).toArray()).toEqual([
      { _id: ids[3], n: 300 },
      { _id: ids[5], n: 5 },
    ]);
    // Dropping the collection drops the extra index with its table.
    await collection.drop();
    if (ferretdb) expect(await sql(`SELECT count(*) FROM sqlite_master WHERE name LIKE '${collection.collectionName}%'`)).toBe('0');
  });
});

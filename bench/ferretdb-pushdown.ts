/**
 * Which queries the database answers without reading the whole collection: on FerretDB v1 (SQLite
 * backend) only some filters are "pushed down" to SQLite; the rest are read and matched in Go.
 * For each query shape the app uses on a hot path, prints its median time on a collection of
 * BENCH_DOCS documents and what `explain` says about pushdown.
 *
 *   node -r ts-node/register/transpile-only bench/ferretdb-pushdown.ts
 *
 * Uses MONGODB_URI when set, otherwise the embedded database.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient, ObjectId, type Document, type Filter } from 'mongodb';
import { openBenchDatabase } from './bench-database';

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const database = await openBenchDatabase((line) => print(line));
  const { uri, dataDir, embedded } = database;
  const client = await new MongoClient(uri, { maxPoolSize: 1 }).connect();
  const db = client.db(`bench_pushdown_${Date.now()}`);
  try {
    const tasks = db.collection('tasks');
    const projectId = new ObjectId();
    const ids = Array.from({ length: DOCS }, () => new ObjectId());
    const opId = new ObjectId();
    for (let offset = 0; offset < DOCS; offset += 1000)
      await tasks.insertMany(
        ids.slice(offset, offset + 1000).map((_id, index) => ({
          _id,
          projectId: index % 2 ? projectId : new ObjectId(),
          title: `Tâche ${offset + index}`,
          description: 'Voir avec les partenaires pour le matériel, les horaires et les bénévoles.',
          version: 1,
          pendingActivity: offset + index === DOCS - 1 ? { opId, type: 'task.created' } : null,
        })),
      );
    await tasks.createIndex({ projectId: 1 });
    const target = ids[DOCS - 1];
    if (process.env.BENCH_SQLITE_ID_INDEX && embedded?.kind === 'ferretdb') {
      // The experiment: an index on the very expression FerretDB's `_id` pushdown filters on
      // (`_ferretdb_sjson->'$._id'`); its own `_id_` index is on `_ferretdb_sjson->"_id"`, which
      // SQLite does not take for the same thing, so the pushdown scans the table.
      const file = join(dataDir, 'ferretdb', `${db.databaseName}.sqlite`);
      const table = execFileSync('sqlite3', [file, "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tasks%'"]).toString().trim();
      execFileSync('sqlite3', [file, `CREATE INDEX IF NOT EXISTS "${table}_pushdown_id" ON "${table}" (_ferretdb_sjson->'$._id')`]);
      print(`Added an index on _ferretdb_sjson->'$._id' to ${table}`);
    }
    print(`Database: ${database.label}; ${DOCS} documents`);

    const time = async (name: string, filter: Filter<Document>, run: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let index = 0; index < RUNS; index++) {
        const started = performance.now();
        await run();
        samples.push(performance.now() - started);
      }
      samples.sort((a, b) => a - b);
      const explained = (await db.command({ explain: { find: 'tasks', filter }, verbosity: 'queryPlanner' }).catch(() => ({}))) as Record<string, unknown>;
      const pushdown = ['filterPushdown', 'pushdown'].map((key) => explained[key]).find((value) => value !== undefined);
      print(`${name.padEnd(58)} median ${samples[samples.length >> 1].toFixed(1).padStart(7)} ms  pushdown: ${pushdown ?? '(not reported)'}`);
    };
    const byId = { _id: target };
    await time('findOne {_id}', byId, () => tasks.findOne(byId));
    const byIdAndVersion = { _id: target, version: 1 };
    await time('findOne {_id, version} (the last inserted)', byIdAndVersion, () => tasks.findOne(byIdAndVersion));
    // Not pushed down, the filter is matched in Go row by row in insertion order, until one matches.
    const firstByIdAndVersion = { _id: ids[0], version: 1 };
    await time('findOne {_id, version} (the first inserted)', firstByIdAndVersion, () => tasks.findOne(firstByIdAndVersion));
    const byIdAndOp = { _id: target, 'pendingActivity.opId': opId };
    await time("updateOne {_id, 'pendingActivity.opId'} (clearing a mark)", byIdAndOp, () =>
      tasks.updateOne(byIdAndOp, { $set: { 'pendingActivity.type': 'task.created' } }),
    );
    await time('updateOne {_id} (clearing a mark by id only)', byId, () => tasks.updateOne(byId, { $set: { version: 1 } }));
    const byIdIn = { _id: { $in: [target, ids[0]] } };
    await time('find {_id: {$in: [2 ids]}}', byIdIn, () => tasks.find(byIdIn).toArray());
    const byProject = { projectId };
    await time('find {projectId} (half the collection)', byProject, () => tasks.find(byProject).toArray());
    const byTitle = { title: 'Tâche 3' };
    await time('findOne {title} (no index)', byTitle, () => tasks.findOne(byTitle));
  } finally {
    await database.finish(db, () => client.close());
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

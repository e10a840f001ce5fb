/**
 * What mongoose adds around a read or a write by `_id`, against the driver alone.
 *
 *   npm run bench:driver
 *
 * 1,000 sequential operations of each kind on one small document, after 200 to warm up, on the
 * embedded database (or MONGODB_URI). Prints, per operation, the time per call, the time inside the
 * driver's command (its command monitor) and the rest: what the library spends around the round trip.
 * The hot reads by `_id` go through the driver for this reason (src/database/row-by-id.ts).
 */
import 'reflect-metadata';
import mongoose from 'mongoose';
import { performance } from 'node:perf_hooks';
import { openBenchDatabase } from './bench-database';
import { monitoredUri } from './breakdown';
import { print, runBench } from './realtime/world';

const OPERATIONS = 1000;
const WARM_UP = 200;

async function main(): Promise<void> {
  const database = await openBenchDatabase(print);
  const connection = await mongoose.createConnection(monitoredUri(database.uri), { dbName: `bench_driver_${Date.now()}`, maxPoolSize: 1 }).asPromise();
  const Probe = connection.model('Probe', new mongoose.Schema({ n: Number, label: String }), 'probes');
  const { _id } = await Probe.create({ n: 1, label: 'probe' });
  let inCommands = 0;
  let started = 0;
  connection.getClient().on('commandStarted', () => (started = performance.now()));
  connection.getClient().on('commandSucceeded', () => (inCommands += performance.now() - started));
  print(`Database: ${database.label}; ${OPERATIONS} sequential operations each`);
  try {
    const operations: [string, () => Promise<unknown>][] = [
      ['mongoose findById().lean()', () => Probe.findById(_id).lean()],
      ['driver findOne({_id})', () => Probe.collection.findOne({ _id })],
      ['mongoose updateOne({_id})', () => Probe.updateOne({ _id }, { $inc: { n: 1 } })],
      ['driver updateOne({_id})', () => Probe.collection.updateOne({ _id }, { $inc: { n: 1 } })],
    ];
    for (const [label, operation] of operations) {
      for (let index = 0; index < WARM_UP; index++) await operation();
      inCommands = 0;
      const start = performance.now();
      for (let index = 0; index < OPERATIONS; index++) await operation();
      const perCall = (performance.now() - start) / OPERATIONS;
      const inCommand = inCommands / OPERATIONS;
      print(`${label.padEnd(28)} ${perCall.toFixed(3)} ms a call: ${inCommand.toFixed(3)} ms in the command, ${(perCall - inCommand).toFixed(3)} ms around it`);
    }
  } finally {
    await database.finish(connection, () => connection.close());
  }
}

runBench(main);

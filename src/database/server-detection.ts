import mongoose from 'mongoose';

/**
 * FerretDB v1 applies an update as a read followed by a write (FerretDB issue #2168), so two
 * concurrent conditional updates of one document can both succeed and concurrent `$inc`s lose
 * counts. A MongoDB wire connection runs one command at a time, so on FerretDB we give each app
 * instance a single connection: its single-document updates then apply one after the other, as
 * they do on MongoDB. (Seen with 10 parallel findOneAndUpdate({_id, claimedAt: null}) → up to 4
 * winners with a pool of 20; always exactly 1 with a pool of 1.)
 */
export async function isFerretDb(uri: string): Promise<boolean> {
  const probe = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, maxPoolSize: 1 });
  try {
    await probe.asPromise();
    return isFerretDbBuildInfo(await probe.db!.admin().command({ buildInfo: 1 }));
  } finally {
    await probe.close();
  }
}

/** What `buildInfo` says of a FerretDB server (MongoDB has neither field). */
export function isFerretDbBuildInfo(info: { ferretdbVersion?: unknown; ferretdbFeatures?: unknown }): boolean {
  return typeof info.ferretdbVersion === 'string' || info.ferretdbFeatures !== undefined;
}

import mongoose from 'mongoose';

/** Injection token: whether the app's database is FerretDB (DatabaseModule provides it). */
export const IS_FERRETDB = Symbol('IS_FERRETDB');

/**
 * FerretDB v1 applies an update as a read followed by a write (FerretDB issue #2168), so two
 * concurrent conditional updates of one document can both succeed and concurrent `$inc`s lose
 * counts. A MongoDB wire connection runs one command at a time, so on FerretDB we give each app
 * instance a single connection: its single-document updates then apply one after the other, as
 * they do on MongoDB. (Seen with 10 parallel findOneAndUpdate({_id, claimedAt: null}) → up to 4
 * winners with a pool of 20; always exactly 1 with a pool of 1.)
 */
export function isFerretDb(uri: string): Promise<boolean> {
  // Asked once per server: by DatabaseModule for the pool size, then by what works around FerretDB.
  let detection = detections.get(uri);
  if (!detection) {
    detection = probe(uri);
    detections.set(uri, detection);
    detection.catch(() => detections.delete(uri));
  }
  return detection;
}

const detections = new Map<string, Promise<boolean>>();

async function probe(uri: string): Promise<boolean> {
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, maxPoolSize: 1 });
  try {
    await connection.asPromise();
    const info = await connection.db!.admin().command({ buildInfo: 1 });
    // MongoDB has neither field.
    return typeof info.ferretdbVersion === 'string' || info.ferretdbFeatures !== undefined;
  } finally {
    await connection.close();
  }
}

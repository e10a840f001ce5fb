/* Makes sure a database server is available for `npm start` and `npm test` (used by .ci/run). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FERRETDB_VERSION, installFerretDb } from '../src/database/ferretdb-installer';
import { goIsAvailable } from '../src/database/embedded-server';
import { toolsBinDir } from '../src/database/project-paths';

async function main(): Promise<void> {
  const target = join(toolsBinDir(), 'ferretdb');
  if (existsSync(target)) {
    console.warn(`FerretDB ${FERRETDB_VERSION} is already installed at ${target}`);
    return;
  }
  if (!goIsAvailable()) {
    console.error('Go is not installed: install Go, put mongod or ferretdb on the PATH, or set MONGODB_URI.');
    process.exit(1);
  }
  await installFerretDb((line) => console.warn(line));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/**
 * API responses compressed as the client accepts (brotli, else gzip; over 1 KB): a board of
 * thousands of tasks is mostly repeated text. socket.io (its own engine, before Express anyway) and
 * server-sent events (which must reach the client as they are written) are left alone.
 */
export function compressResponses() {
  return compression({
    filter: (request, response) => {
      if (request.path.startsWith('/socket.io')) return false;
      if (String(response.getHeader('Content-Type') ?? '').startsWith('text/event-stream')) return false;
      return compression.filter(request, response);
    },
  });
}

/** The encodings this server has precompressed copies in, best first, with their file suffixes. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Serves the built client's precompressed copies (client/scripts/precompress.mjs writes them beside
 * each asset) with their Content-Encoding, when the client accepts one; anything else falls through
 * to the static files. The copies are listed once at start: the build does not change under us.
 */
export function servePrecompressed(dir: string, options: { maxAge: string }) {
  const copies = new Map<string, Set<string>>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      for (const { name: encoding, suffix } of ENCODINGS) {
        if (!name.endsWith(suffix) || !existsSync(path.slice(0, -suffix.length))) continue;
        const url = `/${relative(dir, path.slice(0, -suffix.length)).split(sep).join('/')}`;
        if (!copies.has(url)) copies.set(url, new Set());
        copies.get(url)!.add(encoding);
      }
    }
  };
  walk(dir);

  /** Sends `url` (a path of the build) precompressed if it can; answers whether it did. */
  const send = (request: Request, response: Response, url: string, headers: Record<string, string> = {}): boolean => {
    const available = copies.get(url);
    if (!available) return false;
    response.vary('Accept-Encoding');
    // Ours first (brotli is smaller): browsers list gzip first with the same weight.
    const encoding = ENCODINGS.find(({ name }) => available.has(name) && request.acceptsEncodings(name) === name);
    if (!encoding) return false;
    response.type(extname(url));
    response.setHeader('Content-Encoding', encoding.name);
    response.sendFile(join(dir, `${url}${encoding.suffix}`), { maxAge: options.maxAge, headers });
    return true;
  };

  const middleware = (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !send(request, response, request.path)) next();
  };
  return { middleware, send };
}

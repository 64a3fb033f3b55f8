// A static file server on 127.0.0.1 for the Chromium test and benchmark:
//   /pkg/…        the package (bindings/wasm: lib/, package.json)
//   /reference/…  the reference parser's ES module build
//   /page/…       this folder and ../../bench (the pages)
//   /data/…       JSON made by the caller (`data` below)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

import { packageDir, repo } from '../helpers.mjs';

const roots = {
  '/pkg/': packageDir,
  '/reference/': join(repo, 'fixtures', 'reference', 'node_modules', '@wordpress', 'block-serialization-default-parser', 'build-module'),
  '/page/': join(packageDir, 'test', 'browser'),
  '/bench/': join(packageDir, 'bench'),
};

const types = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Serves until closed; `data` maps `/data/NAME` to a value sent as JSON. Resolves to the base URL and the server. */
export async function serve(data = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    try {
      if (path.startsWith('/data/') && path.slice(6) in data) {
        response.writeHead(200, { 'content-type': types['.json'] }).end(JSON.stringify(data[path.slice(6)]));
        return;
      }
      const prefix = Object.keys(roots).find((root) => path.startsWith(root));
      const file = prefix && normalize(join(roots[prefix], path.slice(prefix.length)));
      if (!file || !file.startsWith(roots[prefix])) throw new Error('outside the served folders');
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, server };
}

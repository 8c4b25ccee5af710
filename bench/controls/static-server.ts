/**
 * Control A, the HTTP ceiling: node:http reads the request body and answers with the bytes the
 * graph rendered for the same query, no parsing, no database. The runner registers each query's
 * bytes with `PUT /__bytes/<label>` and then sends the query to `POST /<label>`.
 */
import { createServer } from 'node:http';

const bytes = new Map<string, Buffer>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (req.method === 'PUT' && path.startsWith('/__bytes/')) {
      bytes.set(path.slice('/__bytes/'.length), Buffer.concat(chunks));
      res.writeHead(204).end();
      return;
    }
    const body = bytes.get(path.slice(1));
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
      'x-sql-statements': '0',
    });
    res.end(body);
  });
});

const port = Number(process.env.PORT);
server.listen(port, '127.0.0.1', () => process.stdout.write(`control A on ${port}\n`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});

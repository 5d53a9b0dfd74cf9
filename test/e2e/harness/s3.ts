/**
 * A local stand-in for the S3 endpoint of export-report.cjs: node:http on 127.0.0.1 that stores the body of every
 * PutObject (PUT /<bucket>/<key>, path-style, which the AWS SDK uses for an IP endpoint) and answers like S3 does
 * (200, an ETag). The function reaches it through AWS_ENDPOINT_URL_S3, the SDK's standard per-service endpoint
 * variable; nothing in the function is changed. S3 is not what these tests are about: it only has to accept the
 * report so that the handler goes on to its audit-log write.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';

export interface StoredObject {
  bucket: string;
  key: string;
  body: Buffer;
  contentType: string | undefined;
}

export class S3Endpoint {
  readonly objects: StoredObject[] = [];
  private port = 0;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const [, bucket = '', ...keyParts] = url.pathname.split('/');
      const body = Buffer.concat(chunks);
      if (req.method === 'PUT' && bucket !== '' && keyParts.length > 0 && !url.searchParams.has('uploads')) {
        this.objects.push({ bucket, key: decodeURIComponent(keyParts.join('/')), body, contentType: req.headers['content-type'] });
        res.writeHead(200, { ETag: `"${createHash('md5').update(body).digest('hex')}"`, 'x-amz-request-id': 'LOCAL', 'Content-Length': 0 });
        res.end();
        return;
      }
      const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>${req.method} ${url.pathname} is not implemented here</Message></Error>`;
      res.writeHead(501, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) });
      res.end(xml);
    });
  });

  static async start(): Promise<S3Endpoint> {
    const endpoint = new S3Endpoint();
    await new Promise<void>((resolve, reject) => {
      endpoint.server.once('error', reject);
      endpoint.server.listen(0, '127.0.0.1', resolve);
    });
    const address = endpoint.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    endpoint.port = address.port;
    return endpoint;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

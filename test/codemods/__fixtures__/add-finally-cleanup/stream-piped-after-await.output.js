import { createWriteStream } from 'node:fs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

/** Downloads an object to a file under /tmp. */
function download(bucket, key, target) {
  return new Promise(async (resolve, reject) => {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));

    const out = createWriteStream(target);
    // @ts-ignore Body is a Readable in Node.js
    Body.pipe(out);
    out.on('error', reject);
    out.on('finish', () => resolve(target));
  });
}

export const handler = async (event) => {
  const file = `/tmp/${event.key.replaceAll('/', '_')}`;
  await download(event.bucket, event.key, file);
  return { file };
};

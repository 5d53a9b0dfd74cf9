import fs from 'node:fs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

export const handler = async (event) => {
  let path = `/tmp/${event.name}`;
  const out = fs.createWriteStream(path);
  const response = await s3.send(new GetObjectCommand({ Bucket: event.bucket, Key: event.name }));
  path = `${path}.partial`;
  response.Body.pipe(out);
  return { path };
};

import { Database } from '@acme/db';

const db = new Database({ url: process.env.ACME_DB_URL });

export const handler = async (event: { id: string }) => db.get(event.id);

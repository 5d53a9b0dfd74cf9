import { Client } from 'pg';

class Reports {
  async handler(event: { name: string }) {
    const client = new Client();
    try {
      await client.connect();
      const { rows } = await client.query('select * from reports where name = $1', [event.name]);
      return rows;
    } finally {
      await client.end();
    }
  }
}

const reports = new Reports();
export const handler = reports.handler.bind(reports);

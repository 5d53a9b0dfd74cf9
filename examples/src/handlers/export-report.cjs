'use strict';

/**
 * Nightly orders export (EventBridge schedule, 02:15 UTC).
 *
 * Dumps the previous day's orders as CSV to REPORT_BUCKET. Every run is also
 * appended to an audit log in /tmp, which survives between invocations of the
 * same execution environment and is shipped by the log forwarder.
 */
const fs = require('fs');
const { Client } = require('pg');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({ region: process.env.AWS_REGION });
const BUCKET = process.env.REPORT_BUCKET;

const log = fs.createWriteStream(process.env.AUDIT_LOG_FILE ?? '/tmp/audit.log', { flags: 'a' });
// Flush the audit log before the process exits.
process.on('beforeExit', () => log.end());

const COLUMNS = ['id', 'customer_id', 'status', 'total_cents', 'currency', 'created_at'];

function toCsv(rows) {
  const escape = (value) => {
    const text = value instanceof Date ? value.toISOString() : String(value ?? '');
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => escape(row[c])).join(','))].join('\n');
}

function reportDay(event) {
  // The scheduled event carries the trigger time; export the day before it.
  const day = new Date(event && event.time ? event.time : Date.now());
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

exports.handler = async (event) => {
  if (!BUCKET) {
    console.error('REPORT_BUCKET is not set, check the function configuration');
    process.exit(1);
  }
  const day = reportDay(event);
  const key = `reports/orders/${day}.csv`;

  const client = new Client({ connectionString: process.env.DATABASE_URL, statement_timeout: 60000 });
  await client.connect();
  let rows;
  try {
    const result = await client.query(
      `SELECT id, customer_id, status, total_cents, currency, created_at
         FROM orders
        WHERE created_at >= $1::date AND created_at < $1::date + interval '1 day'
        ORDER BY created_at`,
      [day],
    );
    rows = result.rows;
  } finally {
    await client.end();
  }

  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: toCsv(rows),
        ContentType: 'text/csv',
      }),
    );
  } catch (err) {
    console.error('Report upload failed', { day, key, err });
    log.write(`${new Date().toISOString()} export ${day} FAILED: ${err.message}\n`);
    throw err;
  }

  log.write(`${new Date().toISOString()} export ${day} ok rows=${rows.length} s3://${BUCKET}/${key}\n`);
  return { day, key, rows: rows.length };
};

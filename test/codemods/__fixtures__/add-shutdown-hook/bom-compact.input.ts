import { Pool } from "pg";
const pool = new Pool();
export const handler = async () => pool.query("select 1");

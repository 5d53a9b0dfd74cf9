import { Sequelize } from "sequelize";

const sequelize = new Sequelize(process.env.DATABASE_URL ?? "", { logging: false });

process.once("SIGTERM", async () => {
  setTimeout(() => process.kill(process.pid, "SIGKILL"), 250).unref();
  console.info("[lambda-shutdown] SIGTERM: closing sequelize");
  await sequelize.close();
  process.removeAllListeners("SIGTERM");
  process.kill(process.pid, "SIGTERM");
});

export const handler = async (event: { name: string }): Promise<unknown> => {
  const [rows] = await sequelize.query("SELECT * FROM people WHERE name = ?", { replacements: [event.name] });
  return rows;
};

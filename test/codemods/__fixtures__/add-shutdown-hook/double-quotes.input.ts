import { Sequelize } from "sequelize";

const sequelize = new Sequelize(process.env.DATABASE_URL ?? "", { logging: false });

export const handler = async (event: { name: string }): Promise<unknown> => {
  const [rows] = await sequelize.query("SELECT * FROM people WHERE name = ?", { replacements: [event.name] });
  return rows;
};

import { PrismaClient } from '@prisma/client';
import { Agent, request } from 'undici';

const prisma = new PrismaClient();
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

export const handler = async (event: { id: string }) => {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: event.id } });
  const { body } = await request(`https://api.example.com/users/${user.id}`, { dispatcher });
  return body.json();
};

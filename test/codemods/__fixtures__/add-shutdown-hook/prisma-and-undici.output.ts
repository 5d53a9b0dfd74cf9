import { PrismaClient } from '@prisma/client';
import { Agent, request } from 'undici';

const prisma = new PrismaClient();
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing prisma, dispatcher');
  await Promise.allSettled([prisma.$disconnect(), dispatcher.close()]);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { id: string }) => {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: event.id } });
  const { body } = await request(`https://api.example.com/users/${user.id}`, { dispatcher });
  return body.json();
};

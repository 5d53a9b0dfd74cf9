import { PrismaClient } from '@prisma/client';
import { flushMetrics } from './metrics';

const prisma = new PrismaClient();

process.once('SIGTERM', async () => {
  await flushMetrics();
  prisma.$disconnect().then(() => console.log('prisma disconnected'));
  process.exit(0);
});

export const handler = async (event: { userId: string }) => prisma.user.findUnique({ where: { id: event.userId } });

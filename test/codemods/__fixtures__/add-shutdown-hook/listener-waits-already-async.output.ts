import { PrismaClient } from '@prisma/client';
import { flushMetrics } from './metrics';

const prisma = new PrismaClient();

process.once('SIGTERM', async () => {
  await flushMetrics();
  await prisma.$disconnect().then(() => console.log('prisma disconnected'));
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { userId: string }) => prisma.user.findUnique({ where: { id: event.userId } });

import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

process.on('SIGTERM', async () => {
  await prisma.$disconnect();
  console.log('SIGTERM: shutting down');
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { userId: string }) => {
  return prisma.user.findUnique({ where: { id: event.userId } });
};

import { PrismaClient } from '@prisma/client';
import { toResponse } from './response';

const prisma = new PrismaClient();

process.on('SIGTERM', async () => {
  await prisma.$disconnect();
  process.exit(0);
});

export const lambdaHandler = async () => toResponse(await prisma.user.findMany());

// not a handler: a module with a SIGTERM listener and no handler export
process.on('SIGTERM', () => process.exit(0));

export function helper() {
  return 1;
}

// The slice of the server's structured logger (pino, via Fastify) that the event code uses.
export interface EventBusLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

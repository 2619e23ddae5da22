/** The one-line refusal of a bad environment: main.ts and the CLIs print its message and exit 1. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

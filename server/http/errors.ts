/**
 * One family of errors: a stable id, an HTTP status and an i18n key. The error handler turns them
 * into application/problem+json for the API and a localized page for HTML.
 */
export interface FieldDetail {
  field: string;
  key: string;
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  constructor(
    readonly id: string,
    readonly status: number,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    readonly details: FieldDetail[] = [],
  ) {
    super(id);
    this.name = 'AppError';
  }

  /** Extra members of the problem+json body (RFC 9457 extensions), e.g. a deadline and the server time. */
  extensions: Record<string, unknown> = {};

  /** Sent as Retry-After when set: when asking again makes sense. */
  retryAfterSeconds?: number;
}

/** No database connection came free in time: the transaction that needed one never began. */
export class ServerBusyError extends AppError {
  constructor() {
    super('server_busy', 503, 'errors:server_busy');
    this.retryAfterSeconds = 5;
  }
}

/**
 * The database could not be used (refused, full, restarting, connection lost: db/unavailable.ts).
 * A transaction cut off at its commit may or may not have been stored, so the page asks the
 * reader to check before sending again.
 */
export class DatabaseUnavailableError extends AppError {
  constructor(readonly reason: string) {
    super('database_unavailable', 503, 'errors:database_unavailable');
    this.retryAfterSeconds = 10;
  }
}

/**
 * The database's disk is full (SQLSTATE 53100): the change could not be stored and its transaction
 * rolled back whole. 507 Insufficient Storage: asking again helps only once operators made room,
 * so no Retry-After.
 */
export class StorageFullError extends AppError {
  constructor() {
    super('storage_full', 507, 'errors:storage_full');
  }
}

export class NotFoundError extends AppError {
  constructor(id = 'not_found', key = 'errors:not_found') {
    super(id, 404, key);
  }
}

export class TenantNotFoundError extends AppError {
  constructor(slug: string) {
    super('tenant_not_found', 404, 'errors:tenant_not_found', { slug });
  }
}

/**
 * A write to a tenant in a move's read-only window (tenancy/move.ts): asking again once the move
 * is done (a minute or two) succeeds, on the new server.
 */
export class TenantMovingError extends AppError {
  /** `slug` unknown when a platform page met the moving tenant's read-only transaction. */
  constructor(slug?: string) {
    super('tenant_moving', 503, 'errors:tenant_moving', slug ? { slug } : undefined);
    this.retryAfterSeconds = 30;
  }
}

export class TenantUnavailableError extends AppError {
  constructor(slug: string, status: string) {
    super('tenant_unavailable', 503, `errors:tenant_${status === 'suspended' ? 'suspended' : 'unavailable'}`, { slug });
  }
}

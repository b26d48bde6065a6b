/**
 * Storage error catalog. Every error has a stable `code`, and says whether
 * retrying can help: upload jobs retry on `retryable` errors (the share is
 * down) and give up at once on the others (bad key, verification mismatch).
 */
export type StorageErrorCode =
  | 'RW_ERR_STORAGE_PATH'
  | 'RW_ERR_STORAGE_NOT_FOUND'
  | 'RW_ERR_STORAGE_EXISTS'
  | 'RW_ERR_STORAGE_UNAVAILABLE'
  | 'RW_ERR_STORAGE_VERIFY'
  | 'RW_ERR_STORAGE_IO';

export abstract class StorageError extends Error {
  abstract readonly code: StorageErrorCode;
  /** True when the same operation may succeed later (share unreachable, timeout). */
  abstract readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A key segment is not allowed (`..`, separators, control characters, absolute paths). */
export class StoragePathError extends StorageError {
  override readonly name = 'StoragePathError';
  readonly code = 'RW_ERR_STORAGE_PATH';
  readonly retryable = false;
}

/** The file (or its directory) does not exist. */
export class StorageNotFoundError extends StorageError {
  override readonly name = 'StorageNotFoundError';
  readonly code = 'RW_ERR_STORAGE_NOT_FOUND';
  readonly retryable = false;
}

/** A move would replace an existing file; moves never overwrite. */
export class StorageExistsError extends StorageError {
  override readonly name = 'StorageExistsError';
  readonly code = 'RW_ERR_STORAGE_EXISTS';
  readonly retryable = false;
}

/** The share cannot be reached now (connection refused or dropped, timeout). */
export class StorageUnavailableError extends StorageError {
  override readonly name = 'StorageUnavailableError';
  readonly code = 'RW_ERR_STORAGE_UNAVAILABLE';
  readonly retryable = true;
}

/** A stored copy does not match its source (size or SHA-256); writing it again can cure it. */
export class StorageVerifyError extends StorageError {
  override readonly name = 'StorageVerifyError';
  readonly code = 'RW_ERR_STORAGE_VERIFY';
  readonly retryable = true;
}

/** Any other I/O failure reported by the backend; kept retryable because most are transient. */
export class StorageIoError extends StorageError {
  override readonly name = 'StorageIoError';
  readonly code = 'RW_ERR_STORAGE_IO';
  readonly retryable = true;
}

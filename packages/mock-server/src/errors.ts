import type { Violation } from "./violations.js";

export type MockServerErrorCode =
  | "UNKNOWN_VENDOR"
  | "INVALID_SPEC"
  | "PORT_IN_USE"
  | "LISTEN_FAILED"
  | "INVALID_OPTIONS";

/** Every failure to start a mock or scenario; `code` says which kind, the message says what to do. */
export class MockServerError extends Error {
  override readonly name = "MockServerError";
  constructor(
    readonly code: MockServerErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A response (or request) that Prism found not to match the vendor's spec. */
export class SpecViolationError extends Error {
  override readonly name = "SpecViolationError";
  constructor(
    message: string,
    readonly violations: readonly Violation[],
  ) {
    super(message);
  }
}

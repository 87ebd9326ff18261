import { EventkitError } from "./errors.js";

/** The client was set up in a way that cannot work: a missing credential, an unknown server. */
export class ConfigurationError extends EventkitError {
  static override readonly name: string = "ConfigurationError";
}

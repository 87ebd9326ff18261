/**
 * The environment for the pnpm and turbo processes this tool starts. pnpm hands its scripts
 * pnpm_config_verify_deps_before_run="false", which a pnpm started below reads as set (a non-empty
 * string): each then checks the install state, and parallel ones race on its state file.
 */
export function childEnv(): NodeJS.ProcessEnv {
  const { pnpm_config_verify_deps_before_run: _ignored, ...env } = process.env;
  return env;
}

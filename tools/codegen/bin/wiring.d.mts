export class WiringError extends Error {}

export interface WorkspacePackage {
  dir: string;
  file: string;
  text: string;
  json: Record<string, unknown>;
}

export interface WiringChange {
  dir: string;
  file: string;
  name: string;
  field: string;
  script: string | undefined;
  added: string[];
  removed: string[];
  before: string;
  text: string;
}

export function workspacePackages(root: string): WorkspacePackage[];
export function orphanedPackages(
  root: string,
  packages?: WorkspacePackage[],
): { dir: string; name: string; spec: string }[];
export function planWiring(root: string, vendors: readonly string[]): WiringChange[];
export function vendorScripts(root: string): { dir: string; name: string; script: string }[];
export function describePlan(plan: readonly WiringChange[]): string[];
export function applyWiring(plan: readonly WiringChange[]): () => void;

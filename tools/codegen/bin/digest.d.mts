export function generatorDigest(): string;
export function inputDigest(root: string, vendor: string): string;
export function outputDigest(root: string, vendor: string): string;
export function isUpToDate(root: string, vendor: string): boolean;
export function recordGenerated(root: string, vendor: string, input: string): void;
export function cacheFile(root: string, kind: string, digest: string): string;
export function writeAtomically(file: string, text: string): void;

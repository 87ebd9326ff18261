// Hand-written entry point: the generator created it once and never touches it again.
export * from "./generated/index.js";

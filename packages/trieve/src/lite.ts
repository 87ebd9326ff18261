// Hand-written entry point of `/lite`: the generator created it once and never touches it again.
export * from "./generated/lite.js";

#!/usr/bin/env node
// A workspace tool that runs from its TypeScript sources: never published.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/spec-update.ts");

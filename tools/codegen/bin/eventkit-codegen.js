#!/usr/bin/env node
// The generator runs from its TypeScript sources: it is a workspace tool, never published.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");

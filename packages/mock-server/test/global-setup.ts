// The package's own vitest helper, from source: mocks and default scenarios for every vendor, or only
// for those EVENTKIT_MOCK_VENDORS names (`EVENTKIT_MOCK_VENDORS=opal,github`), for a run about them.
import { createGlobalSetup } from "../src/vitest.js";

const only = process.env.EVENTKIT_MOCK_VENDORS?.split(",")
  .map((v) => v.trim())
  .filter(Boolean);

const setup: ReturnType<typeof createGlobalSetup> = createGlobalSetup(only?.length ? { vendors: only } : {});

export default setup;

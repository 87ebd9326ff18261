// The package's own vitest helper, from source: mocks and default scenarios for every vendor.
export { default } from "../src/vitest.js";

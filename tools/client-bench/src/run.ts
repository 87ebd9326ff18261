/** `pnpm bench` (client part): prints figures and ratios against the targets; asserts nothing. */
import { benchBundleSizes } from "./bundle-size.js";
import { benchOverhead } from "./overhead.js";

await benchBundleSizes();
await benchOverhead();

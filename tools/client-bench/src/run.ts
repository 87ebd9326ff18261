/**
 * `pnpm bench` (client part): prints figures and ratios against the targets; asserts nothing.
 * `pnpm --filter @eventkit/client-bench bench size` (or `overhead`) runs one part.
 */
import { benchBundleSizes } from "./bundle-size.js";
import { benchOverhead } from "./overhead.js";

const parts = process.argv.slice(2);
const wanted = (part: string): boolean => parts.length === 0 || parts.includes(part);

if (wanted("size")) await benchBundleSizes();
if (wanted("overhead")) await benchOverhead();

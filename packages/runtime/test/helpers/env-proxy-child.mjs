// Run by test/node-http.test.ts on Node >= 24.5, in a process started with NODE_USE_ENV_PROXY=1:
// loads src/node-http.ts (argv[2]) as Node runs TypeScript (--experimental-transform-types), sends
// a GET to each URL after it with nodeHttp, and prints one JSON line per URL: its status and body,
// or the error's message and cause code.
import { register } from "node:module";

// The sources import each other as `./x.js` (tsc's convention): load `./x.ts` where no .js exists.
register(
  `data:text/javascript,${encodeURIComponent(
    "export async function resolve(specifier, context, next) { try { return await next(specifier, context); } catch (error) { if (specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context); throw error; } }",
  )}`,
);
const { nodeHttp } = await import(process.argv[2]);
for (const url of process.argv.slice(3)) {
  try {
    const response = await nodeHttp(url);
    console.log(JSON.stringify({ url, status: response.status, body: Buffer.concat(response.chunks).toString() }));
  } catch (error) {
    console.log(JSON.stringify({ url, error: error.message, cause: error.cause?.code ?? null }));
  }
}

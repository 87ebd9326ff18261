// The runtime's test server, shared rather than copied: the same real node:http server on a free
// loopback port, recording every request.
export * from "../../../runtime/test/helpers/local-server.js";

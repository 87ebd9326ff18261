export {
  startMock,
  startMocks,
  type MockExchange,
  type MockOptions,
  type MockServer,
  type MockTarget,
} from "./mock.js";
export { startScenario, startScenarios, type Scenario, type ScenarioOptions } from "./scenario.js";
export type { FaultOptions } from "./scenario/faults.js";
export type { RecordedRequest } from "./scenario/upstream.js";
export type { TimeFormat } from "./scenario/times.js";
export { knownVendors } from "./specs.js";
export { MockServerError, SpecViolationError, type MockServerErrorCode } from "./errors.js";
export {
  assertNoViolations,
  failOnViolations,
  parseViolations,
  type Violation,
  type ViolationRecord,
} from "./violations.js";
export type { Exchange } from "./traffic.js";
export type { Har, HarEntry } from "./cassette/har.js";
export type { ReplayMiss } from "./cassette/replay.js";

/** The time formats of `x-eventkit-feed` live once, in the runtime, for the feed and the mocks alike. */
export { formatTime, parseTime, TIME_FORMATS, type TimeFormat } from "@eventkit/runtime/time";

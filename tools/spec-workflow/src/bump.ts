import type { ChangeClass } from "./classify.js";

/** "none": the API did not change, so there is nothing to release. */
export type Bump = "major" | "minor" | "patch" | "none";

export interface BumpDecision {
  bump: Bump;
  /** The most severe class of change, or "none" when the API did not change. */
  level: ChangeClass | "none";
  from: string;
  to: string;
  /** The rule applied, in one sentence, for the changeset and the report. */
  rule: string;
}

/**
 * From 1.0 on: breaking → major, non-breaking → minor, documentation only → patch.
 * Below 1.0 everything moves down one place, as npm's caret ranges do (`^0.3.1` means
 * `>=0.3.1 <0.4.0`, so a new minor is what says "incompatible" there): breaking → minor,
 * non-breaking and documentation → patch. Leaving 0.x is a decision for a person: edit the
 * changeset to `major`.
 */
export function decideBump(classes: readonly ChangeClass[], version: string): BumpDecision {
  const level: BumpDecision["level"] = classes.includes("breaking")
    ? "breaking"
    : classes.includes("non-breaking")
      ? "non-breaking"
      : classes.includes("documentation")
        ? "documentation"
        : "none";
  const [major = 0] = parse(version);
  const stable = major >= 1;
  const bump: Bump =
    level === "none"
      ? "none"
      : stable
        ? level === "breaking"
          ? "major"
          : level === "non-breaking"
            ? "minor"
            : "patch"
        : level === "breaking"
          ? "minor"
          : "patch";
  const rule = stable
    ? "from 1.0 on, breaking → major, non-breaking → minor, documentation only → patch"
    : "below 1.0, breaking → minor and everything else → patch, as npm's ^0.x ranges treat a new minor as incompatible";
  return { bump, level, from: version, to: increment(version, bump), rule };
}

function parse(version: string): number[] {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`not a semver version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function increment(version: string, bump: Bump): string {
  const [major, minor, patch] = parse(version) as [number, number, number];
  if (bump === "none") return version;
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

import type { BumpDecision } from "./bump.js";
import type { ChangeClass } from "./classify.js";
import type { Change } from "./compare.js";

export interface SpecReport {
  vendor: string;
  /** The client package the changeset is for: `@eventkit/<vendor>`. */
  packageName: string;
  /** The document's file name in the spec folder. */
  document: string;
  before: DocumentVersion;
  after: DocumentVersion;
  changes: Change[];
  bump: BumpDecision;
}

export interface DocumentVersion {
  sha256: string;
  /** Where it came from, for people: a path, a URL, a git ref. */
  label: string;
}

const HEADINGS: Record<ChangeClass, string> = {
  breaking: "Breaking",
  "non-breaking": "Non-breaking",
  documentation: "Documentation only",
};

/** Past this many changes of one class, the rest are counted instead of listed. */
const LISTED = 100;

export function changesetFileName(vendor: string, sha256: string): string {
  return `${vendor}-spec-${sha256.slice(0, 8)}.md`;
}

export function renderChangeset(report: SpecReport): string {
  return `---\n"${report.packageName}": ${report.bump.bump}\n---\n\n${renderBody(report)}`;
}

/** The changelog text: a summary line, then each change with its operation and, if breaking, why. */
export function renderBody(report: SpecReport): string {
  const lines = [`${summary(report)}`, ""];
  for (const cls of ["breaking", "non-breaking", "documentation"] as const) {
    const changes = report.changes.filter((c) => c.class === cls);
    if (!changes.length) continue;
    lines.push(`**${HEADINGS[cls]}**`, "");
    for (const change of changes.slice(0, LISTED)) lines.push(`- ${renderChange(change)}`);
    if (changes.length > LISTED)
      lines.push(`- … and ${changes.length - LISTED} more (\`pnpm spec:diff ${report.vendor}\` lists them all)`);
    lines.push("");
  }
  lines.push(
    report.bump.bump === "none"
      ? "No version bump: nothing changed for the client."
      : `Version bump: ${report.bump.bump}; ${report.bump.rule}.`,
    "",
  );
  return lines.join("\n");
}

export function renderChange(change: Change): string {
  const op = change.operation;
  const subject = op ? `\`${op.method} ${op.path}\`${op.operationId ? ` (\`${op.operationId}\`)` : ""}: ` : "";
  const where = change.where ? `${change.where}: ` : "";
  const why = change.why ? ` Breaking because ${change.why}.` : "";
  return `${subject}${where}${change.what}.${why}`;
}

function summary(report: SpecReport): string {
  const counts = (["breaking", "non-breaking", "documentation"] as const)
    .map((cls) => [cls, report.changes.filter((c) => c.class === cls).length] as const)
    .filter(([, n]) => n > 0)
    .map(([cls, n]) => `${n} ${cls === "documentation" ? "documentation-only" : cls}`);
  const versions = `${report.document} ${report.before.sha256.slice(0, 8)} → ${report.after.sha256.slice(0, 8)}`;
  if (!counts.length) return `Spec update for ${report.vendor} (${versions}): no change to the API after our overlay.`;
  const total = report.changes.length;
  return `Spec update for ${report.vendor} (${versions}): ${joinWords(counts)} change${total === 1 ? "" : "s"}.`;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** The report `spec:diff` prints and `spec:update` prints before it writes. */
export function renderReport(report: SpecReport): string {
  const head = [
    `${report.packageName}: ${report.before.label} → ${report.after.label}`,
    report.bump.bump === "none"
      ? `Bump: none (stays ${report.bump.from})`
      : `Bump: ${report.bump.bump} (${report.bump.from} → ${report.bump.to})`,
    "",
  ];
  return `${head.join("\n")}${renderBody(report)}`;
}

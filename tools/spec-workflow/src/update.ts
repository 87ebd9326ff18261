import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateVendor, SpecError } from "@eventkit/codegen";
import { changesetFileName, renderReport, type SpecReport } from "./changelog.js";
import { writeChangeset } from "./changeset.js";
import { diffSpec, sha256 } from "./diff.js";
import { nextProvenance, today } from "./provenance.js";
import { Snapshot } from "./snapshot.js";
import { readSource, workingTree } from "./source.js";
import { specFolder } from "./spec-folder.js";
import { runAffected, type TurboResult } from "./turbo.js";

export interface UpdateOptions {
  root: string;
  vendor: string;
  /** A file, an http(s) URL or a git ref. */
  source: string;
  /** What provenance.json records as the source (default: the URL, or the path as given). */
  recordAs?: string | undefined;
  notes?: string[] | undefined;
  /** Run turbo typecheck + build for the package and its dependents (default true). */
  typecheck?: boolean | undefined;
  /** YYYY-MM-DD recorded as `retrieved` (default today). */
  date?: string | undefined;
  out?: ((text: string) => void) | undefined;
}

export type UpdateResult =
  | { status: "unchanged"; sha256: string }
  | { status: "rejected"; error: unknown; restored: boolean }
  | { status: "updated"; report: SpecReport; changeset: string; turbo?: TurboResult }
  | { status: "dependents-fail"; report: SpecReport; changeset: string; turbo: TurboResult };

/**
 * Replaces a vendor's document, all or nothing: the new document must pass the generator with
 * our overlay (strict) before anything is written, and if writing or generating fails, the
 * document, provenance, generated package and changeset are put back byte for byte.
 * Then the package and its dependents are type-checked and built by turbo.
 */
export async function updateSpec(options: UpdateOptions): Promise<UpdateResult> {
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const folder = specFolder(options.root, options.vendor);
  if (!existsSync(join(options.root, folder.packageDir, "package.json"))) {
    throw new SpecError(
      `no client package at ${folder.packageDir}: create it first with \`pnpm generate ${folder.vendor}\``,
      folder.dir,
    );
  }
  const current = workingTree(folder);
  // The new document is read with today's overlay: the overlay is ours and does not change here.
  const candidate = { ...(await readSource(options.source, folder)), overlay: current.overlay };
  if (sha256(candidate.text) === sha256(current.text)) return { status: "unchanged", sha256: sha256(current.text) };

  let report: SpecReport;
  try {
    report = await diffSpec(folder, current, candidate);
  } catch (error) {
    return { status: "rejected", error, restored: false };
  }

  const docPath = join(options.root, folder.dir, folder.documentName);
  const provenancePath = join(options.root, folder.dir, "provenance.json");
  const changesetPath = join(options.root, ".changeset", changesetFileName(folder.vendor, report.after.sha256));
  const snapshot = new Snapshot([docPath, provenancePath, join(options.root, folder.packageDir), changesetPath]);
  const interrupted = () => {
    snapshot.restore();
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  let changeset: string;
  try {
    writeFileSync(docPath, candidate.text);
    const previous = existsSync(provenancePath)
      ? (JSON.parse(readFileSync(provenancePath, "utf8")) as Record<string, unknown>)
      : undefined;
    const provenance = nextProvenance(previous, {
      vendor: folder.vendor,
      document: folder.documentName,
      source: options.recordAs ?? candidate.recorded,
      sha256: report.after.sha256,
      retrieved: options.date ?? today(),
      notes: options.notes,
    });
    writeFileSync(provenancePath, `${JSON.stringify(provenance, null, 2)}\n`);
    await generateVendor(options.root, folder.vendor, { strict: true, log: (line) => out(`${line}\n`) });
    changeset = writeChangeset(options.root, report);
  } catch (error) {
    snapshot.restore();
    return { status: "rejected", error, restored: true };
  } finally {
    process.removeListener("SIGINT", interrupted);
  }
  out(`${renderReport(report)}\n`);
  out(
    `Wrote ${folder.dir}/${folder.documentName}, ${folder.dir}/provenance.json, ${folder.packageDir}/ (regenerated) and ${changeset}.\n\n`,
  );

  if (options.typecheck === false) return { status: "updated", report, changeset };
  const turbo = await runAffected(options.root, folder.packageName, out);
  return turbo.ok
    ? { status: "updated", report, changeset, turbo }
    : { status: "dependents-fail", report, changeset, turbo };
}

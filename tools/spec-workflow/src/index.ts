export { decideBump, increment, type Bump, type BumpDecision } from "./bump.js";
export { classify, RULES, type Action, type Area, type ChangeClass, type Kind, type LibraryClass } from "./classify.js";
export {
  changesetFileName,
  renderBody,
  renderChange,
  renderChangeset,
  renderReport,
  type SpecReport,
} from "./changelog.js";
export { changesetPackages, writeChangeset } from "./changeset.js";
export { compareDocuments, type Change, type Operation } from "./compare.js";
export { diffSpec, sha256 } from "./diff.js";
export { checkChangesets, chooseBase, renderChangesetCheck, type ChangesetCheck } from "./guard/changeset-check.js";
export {
  BUNDLE_OPTIONS,
  type BundleSize,
  type ClientEntry,
  type MeasureOptions,
  measureClient,
} from "./guard/bundle-size.js";
export {
  checkPackages,
  DEFAULT_SIZE_LIMIT,
  LITE_SIZE_LIMIT,
  packageOk,
  publicPackages,
  renderPackageTable,
  type PackageReport,
} from "./guard/package-checks.js";
export { checkMetadata } from "./guard/package-metadata.js";
export { nextProvenance } from "./provenance.js";
export { readSource, workingTree, type DocumentSource } from "./source.js";
export { specFolder, type SpecFolder } from "./spec-folder.js";
export { affectedCommand, parseTurboOutput, runAffected, type TurboResult } from "./turbo.js";
export { updateSpec, type UpdateOptions, type UpdateResult } from "./update.js";

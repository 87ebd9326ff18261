export { SpecError } from "./errors.js";
export {
  generateVendor,
  prepare,
  render,
  validateVendor,
  type PipelineOptions,
  type SpecInput,
  type VendorResult,
} from "./pipeline.js";
export { loadFile, loadSpecFolder, specFolderConfig, type LoadedFile } from "./stages/load.js";
export { applyOverlayFile } from "./stages/overlay.js";
export { methodName } from "./stages/method-names.js";
export { pascalName, type ClientModel } from "./stages/model.js";
export { writePackage, staleFiles, type PackageOutput } from "./stages/write.js";
export { findRoot, listVendors } from "./workspace.js";
export { deref, getPath, parametersOf } from "./runtime-spec.js";
export { generatorDigest } from "../bin/digest.mjs";
export { packageMetadata, readPublishMetadata, type PublishMetadata } from "./emit/publish-metadata.js";

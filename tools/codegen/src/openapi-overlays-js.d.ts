declare module "openapi-overlays-js/src/overlay.js" {
  export function applyOverlay(definition: unknown, overlay: { actions: unknown[] }): unknown;
}

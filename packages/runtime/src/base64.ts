/** Base64 of the UTF-8 bytes, without Node's Buffer, so the runtime also runs in browsers. */
export function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export {
  DEFAULT_FILE_ITERATIONS,
  type FileKeystore,
  type FileKeystoreOptions,
  fileKeystore,
} from "./file-keystore.js";
export { decodeFileName, encodeFileName } from "./file-name.js";
export type { FileKeyMaterial } from "./key-material.js";

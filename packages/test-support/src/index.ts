export { assertBuilt, binDir, MAIN, type Run, runBuilt, runBuiltAsync } from "./built-cli.js";
export { type BundleOptions, bundleForNode } from "./bundle.js";
export * from "./decision-table/index.js";
export { errorOf, failureOf } from "./errors.js";
export {
  type FederationFake,
  type FederationSession,
  startFederationFake,
} from "./federation-fake.js";
export { type Moto, type MotoOptions, type MotoUser, startMoto } from "./moto.js";
export { parseRecording, type RecordedCall } from "./moto-recording.js";
export { type Packed, PUBLISHED, type PublishedDir, packedIn, packPublished } from "./pack.js";
export { createPassStore, type PassStore, stopGpgAgent } from "./pass-store.js";
export { type SecretServiceBus, startSecretService } from "./secret-service.js";
export { type SsoFake, type SsoFakeCall, type SsoFakeOptions, startSsoFake } from "./sso-fake.js";
export { type StsProxy, type StsProxyOptions, startStsProxy } from "./sts-proxy.js";
export { removeAfterFile, removeTempDirs, tempDir } from "./temp.js";
export { MFA_CODE, type VaultHome, type VaultHomeOptions, vaultHome } from "./vault-home.js";

import type { AwsCredentials } from "@vault-cli/core";

/** One IAM request, already resolved: endpoint, signer and deadline. */
export interface IamRequest {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials: AwsCredentials;
  readonly abortSignal: AbortSignal;
  readonly connectTimeoutMs: number;
}

/** The SDK side of the IAM adapter (sdk-iam.ts, loaded on first use); it throws the SDK's own errors. */
export interface IamWire {
  createAccessKey(request: IamRequest): Promise<{ accessKeyId: string; secretAccessKey: string }>;
  deleteAccessKey(request: IamRequest, accessKeyId: string): Promise<void>;
}

/** The shape of the module sdk-iam.ts (or a bundled sdk-iam.cjs) must have. */
export interface IamWireModule {
  createIamWire(): IamWire;
}

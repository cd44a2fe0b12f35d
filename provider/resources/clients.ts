/**
 * What the vendor API objects of every resource share (huawei-apis.ts, tencent-apis.ts build them): the
 * transport and the error context. Unless the context brings its own transport, calls share one transport (one
 * connection pool) per process per CA/timeout setting. The HTTP stack (undici) is loaded by the first call that
 * needs it, not when a resource module loads, so `check` never pays for it.
 */
import { existsSync, readFileSync } from "node:fs";
import { SettingsError } from "../errors";
import type { RequestSpec } from "../http/types";
import type { TransportLike } from "../huaweicloud/client";
import { withErrorContext } from "../http/errors";
import type { ProviderContext } from "./context";

/** Environment variable with an extra PEM CA bundle (path or PEM text) for private endpoints and the emulator. */
const CA_BUNDLE_ENV = "CLOUD_KUBECONFIG_CA_BUNDLE";

/** What an untrusted-certificate error suggests (the transport stays vendor- and setting-neutral). */
const CA_BUNDLE_HINT = `if the server or a TLS-inspecting proxy uses a private CA, add that CA (PEM) with cloudkubeconfig:caBundle or ${CA_BUNDLE_ENV}`;

/** The context's transport, else the shared one for its CA bundle, request timeout and attempts. */
export function transport(ctx: ProviderContext): TransportLike {
  if (ctx.transport) return ctx.transport;
  const { getSharedTransport } = require("../http/transport") as typeof import("../http/transport");
  const { config, env } = ctx;
  const bundle = config["cloudkubeconfig:caBundle"] || env[CA_BUNDLE_ENV];
  const extraCaPem = bundle ? (bundle.includes("-----BEGIN") ? bundle : readCaFile(bundle)) : undefined;
  const timeout = Number(config["cloudkubeconfig:requestTimeoutMs"]) || undefined;
  const attempts = Number(config["cloudkubeconfig:maxAttempts"]) || undefined;
  return getSharedTransport({
    extraCaPem,
    requestTimeoutMs: timeout,
    retry: attempts ? { maxAttempts: attempts } : undefined,
    caBundleHint: CA_BUNDLE_HINT,
  });
}

function readCaFile(path: string): string {
  if (!existsSync(path))
    throw new SettingsError(
      "INVALID_SETTING",
      `CA bundle file not found: ${path} (cloudkubeconfig:caBundle or ${CA_BUNDLE_ENV})`,
      ["cloudkubeconfig:caBundle", CA_BUNDLE_ENV],
      "caBundle",
    );
  return readFileSync(path, "utf8");
}

/** `spec` whose vendor errors also say which object was asked for and where the credentials came from. */
export function inContext(spec: RequestSpec, subject: string | undefined, credentialsSource: string): RequestSpec {
  const interpret = spec.interpret;
  if (!interpret) return spec;
  return {
    ...spec,
    interpret: (raw) => {
      const err = interpret(raw);
      return err && withErrorContext(err, { subject, credentialsSource });
    },
  };
}

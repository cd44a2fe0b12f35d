/**
 * zod schema of the kubeconfig documents the vendors return (docs/vendor-apis.md §1, §2, §3, §5): the
 * clientcmd v1 shape, loose on purpose. Unknown keys (`preferences`, `extensions`) pass; optional
 * fields may be missing or null; `insecure-skip-tls-verify` may be a boolean or a string (UCS docs
 * type it String, CCE Boolean). Values are type-checked here and content-checked only for the
 * entry actually selected (normalize-cluster.ts, normalize-user.ts), so one odd unused entry does
 * not fail a document.
 */
import { z } from "zod";

const optString = z.string().nullish();
const boolish = z.union([z.boolean(), z.string()]).nullish();

const vendorClusterSchema = z.looseObject({
  server: optString,
  "certificate-authority-data": optString,
  "certificate-authority": optString,
  "insecure-skip-tls-verify": boolish,
  "tls-server-name": optString,
  "proxy-url": optString,
  "disable-compression": boolish,
});

const vendorUserSchema = z.looseObject({
  "client-certificate-data": optString,
  "client-key-data": optString,
  token: optString,
});

const vendorContextSchema = z.looseObject({
  cluster: z.string(),
  user: optString,
  namespace: optString,
});

export const vendorKubeconfigSchema = z.looseObject({
  apiVersion: optString,
  kind: optString,
  preferences: z.unknown().optional(),
  clusters: z.array(z.looseObject({ name: z.string(), cluster: vendorClusterSchema })).min(1),
  users: z.array(z.looseObject({ name: z.string(), user: vendorUserSchema.nullish() })).nullish(),
  contexts: z.array(z.looseObject({ name: z.string(), context: vendorContextSchema })).nullish(),
  "current-context": optString,
});

/** One cluster entry's body as the vendor sent it (after type validation). */
export type VendorCluster = z.infer<typeof vendorClusterSchema>;
/** One user entry's body as the vendor sent it (after type validation). */
export type VendorUser = z.infer<typeof vendorUserSchema>;
/** A vendor kubeconfig document after type validation. */
export type VendorKubeconfig = z.infer<typeof vendorKubeconfigSchema>;

/**
 * When a credential renews (`renewAt` in the outputs): `notAfter − renewBeforeDays`, by default a third of the
 * certificate's lifetime before it expires, never before it was issued; off for TKE unless `renewBeforeDays`
 * is set, and off for tokens (no expiry). One row per case, for every kind.
 */
import type { ResourceKind } from "../../../provider";
import type { PreparedKubeconfig } from "../../../provider/kubeconfig";
import { cceClusterKubeconfig } from "../../../provider/resources/cce-cluster-kubeconfig";
import { fleetFederationConnection } from "../../../provider/resources/fleet-federation-connection";
import { fleetFederationKubeconfig } from "../../../provider/resources/fleet-federation-kubeconfig";
import { renewalTime, type Inputs, type KindImpl } from "../../../provider/resources/lifecycle";
import { tkeClusterKubeconfig } from "../../../provider/resources/tke-cluster-kubeconfig";
import { ucsClusterKubeconfig } from "../../../provider/resources/ucs-cluster-kubeconfig";

const IMPLS: Record<ResourceKind, KindImpl> = {
  UcsClusterKubeconfig: ucsClusterKubeconfig,
  CceClusterKubeconfig: cceClusterKubeconfig,
  FleetFederationConnection: fleetFederationConnection,
  FleetFederationKubeconfig: fleetFederationKubeconfig,
  TkeClusterKubeconfig: tkeClusterKubeconfig,
};
const HUAWEI_KINDS: ResourceKind[] = [
  "UcsClusterKubeconfig",
  "CceClusterKubeconfig",
  "FleetFederationConnection",
  "FleetFederationKubeconfig",
];

const ISSUED = "2026-01-01T00:00:00.000Z";
/** A 30-day certificate from ISSUED. */
const EXPIRES = "2026-01-31T00:00:00.000Z";

function prepared(certificate?: { notBefore: string; notAfter: string }): PreparedKubeconfig {
  return { authType: certificate ? "certificate" : "token", certificate } as unknown as PreparedKubeconfig;
}

interface Row {
  name: string;
  kinds: ResourceKind[];
  inputs?: Inputs;
  certificate?: { notBefore: string; notAfter: string };
  renewAt: string | undefined;
}

const rows: Row[] = [
  {
    name: "default: a third of the lifetime before expiry",
    kinds: HUAWEI_KINDS,
    certificate: { notBefore: ISSUED, notAfter: EXPIRES },
    renewAt: "2026-01-21T00:00:00.000Z",
  },
  {
    name: "default on a lifetime that does not divide by three: rounded down to the millisecond",
    kinds: HUAWEI_KINDS,
    certificate: { notBefore: ISSUED, notAfter: "2026-01-01T00:00:00.010Z" },
    renewAt: "2026-01-01T00:00:00.007Z",
  },
  {
    name: "renewBeforeDays: that many days before expiry",
    kinds: [...HUAWEI_KINDS, "TkeClusterKubeconfig"],
    inputs: { renewBeforeDays: 10 },
    certificate: { notBefore: ISSUED, notAfter: EXPIRES },
    renewAt: "2026-01-21T00:00:00.000Z",
  },
  {
    name: "renewBeforeDays in part of a day",
    kinds: [...HUAWEI_KINDS, "TkeClusterKubeconfig"],
    inputs: { renewBeforeDays: 0.5 },
    certificate: { notBefore: ISSUED, notAfter: EXPIRES },
    renewAt: "2026-01-30T12:00:00.000Z",
  },
  {
    name: "renewBeforeDays longer than the lifetime: at issue, never before",
    kinds: [...HUAWEI_KINDS, "TkeClusterKubeconfig"],
    inputs: { renewBeforeDays: 45 },
    certificate: { notBefore: ISSUED, notAfter: EXPIRES },
    renewAt: ISSUED,
  },
  {
    name: "TKE without renewBeforeDays: renewal off",
    kinds: ["TkeClusterKubeconfig"],
    certificate: { notBefore: ISSUED, notAfter: "2046-01-01T00:00:00.000Z" },
    renewAt: undefined,
  },
  {
    name: "a token user (no expiry): renewal off, even with renewBeforeDays",
    kinds: [...HUAWEI_KINDS, "TkeClusterKubeconfig"],
    inputs: { renewBeforeDays: 10 },
    renewAt: undefined,
  },
  {
    name: "a certificate whose notAfter precedes notBefore: at issue",
    kinds: HUAWEI_KINDS,
    certificate: { notBefore: EXPIRES, notAfter: ISSUED },
    renewAt: EXPIRES,
  },
];

const cases = rows.flatMap((row) => row.kinds.map((kind) => ({ ...row, kind })));

describe.each(cases)("renewAt: $name ($kind)", (row) => {
  it("is the time the table says", () => {
    expect(renewalTime(IMPLS[row.kind], row.inputs ?? {}, prepared(row.certificate))).toBe(row.renewAt);
  });
});

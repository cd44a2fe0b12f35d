/**
 * A fleet's federation API server is reached through the VPC endpoint of its connection, from inside the VPC, so
 * its kubeconfig's verified entry is the `internal` one, and the label and the address agree: both federation
 * resources report `internal` and the same server (the emulator's stand-in for the endpoint address).
 */
import { inputsFor, p, useEmulator, type EmulatorHandle } from "../../support/reliability-harness";

jest.setTimeout(60_000);

let emu: EmulatorHandle;

useEmulator({ configure: "once", unthrottled: false, resetAfterEach: false }, (e) => (emu = e));

it("FleetFederationConnection and FleetFederationKubeconfig: endpoint internal, the same server", async () => {
  const ids = inputsFor(emu);
  const conn = await p("FleetFederationConnection").create(ids.connection);
  const kc = await p("FleetFederationKubeconfig").create(ids.federationKubeconfig);
  const fleet = emu.state.fleets.find((f) => f.id === ids.connection.clusterGroupId)!;
  for (const outs of [conn.outs, kc.outs]) {
    expect(outs.endpoint).toBe("internal");
    expect(outs.server).toBe(fleet.kube.internalUrl);
  }
  await p("FleetFederationConnection").delete(conn.id, conn.outs);
});

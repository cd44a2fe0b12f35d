import { X509Certificate } from "node:crypto";
import { createServer, request } from "node:https";
import { AddressInfo } from "node:net";
import { TLSSocket } from "node:tls";
import { Agent } from "undici";
import { EmulatorHandle, startEmulator } from "../../../emulator";
import { createCertificateAuthority, issueServerCertificate } from "../../../emulator/pki";
import { agentFor, huawei } from "./client";

let emu: EmulatorHandle;
let agent: Agent;
afterAll(async () => {
  await agent.close();
  await emu.stop();
});

it("external cluster: kubeconfig points at the server, client certs from clientCa cover real time", async () => {
  emu = await startEmulator();
  agent = agentFor(emu);
  const v = { notBefore: new Date(Date.now() - 3600e3), notAfter: new Date(Date.now() + 3 * 365 * 86400e3) };
  const servingCa = await createCertificateAuthority({ commonName: "serving", ...v });
  const clientCa = await createCertificateAuthority({ commonName: "clients", ...v });
  const serving = await issueServerCertificate(servingCa, { commonName: "s", ipAddresses: ["127.0.0.1"], ...v });
  const srv = createServer(
    { key: serving.keyPem, cert: serving.certPem, ca: [clientCa.certPem], requestCert: true, rejectUnauthorized: true },
    (req, res) => res.end(new X509Certificate((req.socket as TLSSocket).getPeerCertificate().raw).subject),
  );
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const server = `https://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  const id = "11111111-2222-4333-8444-555555555555";
  emu.attachExternalCluster({ vendor: "ucs", id, server, serverCaPem: servingCa.certPem, clientCa });
  expect(() =>
    emu.attachExternalCluster({ vendor: "ucs", id, server, serverCaPem: servingCa.certPem, clientCa }),
  ).toThrow();
  const get = async () => {
    const r = await huawei(emu, agent, "POST", emu.endpoints.ucs, `/v1/clusters/${id}/kubeconfig`, {
      extraHeaders: { "x-domain-id": emu.credentials.huawei.domainId },
    });
    expect(r.status).toBe(201);
    const kc = r.json;
    expect(kc.clusters[0].cluster.server).toBe(server);
    expect(Buffer.from(kc.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toBe(
      servingCa.certPem,
    );
    const cert = Buffer.from(kc.users[0].user["client-certificate-data"], "base64").toString();
    const key = Buffer.from(kc.users[0].user["client-key-data"], "base64").toString();
    return await new Promise<string>((resolve, reject) => {
      const q = request(server, { ca: servingCa.certPem, cert, key }, (res) => {
        let b = "";
        res.on("data", (d) => (b += d));
        res.on("end", () => resolve(b));
      });
      q.on("error", reject);
      q.end();
    });
  };
  expect(await get()).toContain("CN=");
  emu.clock.set(new Date(Date.now() + 300 * 86400e3));
  expect(await get()).toContain("CN=");
  const certs = emu.state.clientCertificates[id];
  expect(certs).toHaveLength(2);
  expect(certs[1].notAfter.getTime()).toBeGreaterThan(Date.now() + 600 * 86400e3);
  await new Promise<void>((r) => srv.close(() => r()));
});

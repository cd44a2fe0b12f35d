/**
 * A create pays for reading the vendor's certificates and key once: the client certificate, the CA and the key are
 * each parsed by node:crypto once per prepared kubeconfig, however many checks use them.
 */
import crypto = require("node:crypto");
import { prepareKubeconfig } from "../../../provider/kubeconfig";
import { createTestPki, vendorDocument, type TestPki } from "../../fixtures/kubeconfig/vendor-documents";

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

afterEach(() => jest.restoreAllMocks());

it("parses each certificate and the private key once per prepared kubeconfig", () => {
  const document = vendorDocument("cce-three-endpoints.json", pki);
  const Original = crypto.X509Certificate;
  // Counts constructions and passes them through (a plain spy would call the class without `new`).
  const certificates = jest
    .spyOn(crypto, "X509Certificate")
    .mockImplementation((...args: ConstructorParameters<typeof Original>) => new Original(...args));
  const keys = jest.spyOn(crypto, "createPrivateKey");
  const prepared = prepareKubeconfig({ source: "cce", clusterId: "c1", document, endpoint: "externalTLSVerify" });
  expect(prepared.certificate?.notAfter).toBeTruthy();
  expect(prepared.certificateAuthorityData).toBeTruthy();
  // One CA and one client certificate.
  expect(certificates).toHaveBeenCalledTimes(2);
  expect(keys).toHaveBeenCalledTimes(1);
});

/**
 * FAKE demo credentials the emulator accepts. They are not secrets: they exist only so clients
 * can sign requests against the emulator, and they are documented in emulator/README.md.
 */
export interface HuaweiDemoCredentials {
  accessKey: string;
  secretKey: string;
  domainId: string;
  domainName: string;
  projectId: string;
  region: string;
  /** IAM user id the emulator attributes AK/SK calls to (the CN of issued certificates). */
  userId: string;
  /** Accepted in `X-Auth-Token` instead of a signature. */
  authToken: string;
  /** A temporary AK/SK that additionally requires `X-Security-Token`. */
  temporary: { accessKey: string; secretKey: string; securityToken: string };
}

export interface TencentDemoCredentials {
  secretId: string;
  secretKey: string;
  region: string;
  /** Account uin used in kubeconfig user names. */
  uin: string;
  /** A temporary credential that additionally requires `X-TC-Token`. */
  temporary: { secretId: string; secretKey: string; token: string };
}

export interface DemoCredentials {
  huawei: HuaweiDemoCredentials;
  tencent: TencentDemoCredentials;
}

/** The documented fake credentials (obviously fake on purpose). */
export function demoCredentials(): DemoCredentials {
  return {
    huawei: {
      accessKey: "EMULATORFAKEACCESSKEY0",
      secretKey: "emulator-fake-secret-key-not-a-real-secret",
      domainId: "0a1b2c3d4e5f40718293a4b5c6d7e8f9",
      domainName: "emulator-demo-domain",
      projectId: "9f8e7d6c5b4a43219876fedcba012345",
      region: "cn-north-4",
      userId: "1e2d3c4b5a69487796a5b4c3d2e1f0aa",
      authToken: "EMULATOR-FAKE-IAM-TOKEN",
      temporary: {
        accessKey: "EMULATORFAKETEMPAK000",
        secretKey: "emulator-fake-temporary-secret-key",
        securityToken: "EMULATOR-FAKE-SECURITY-TOKEN",
      },
    },
    tencent: {
      secretId: "AKIDEMULATORFAKESECRETID000000000000",
      secretKey: "emulatorFakeSecretKeyNotReal0000",
      region: "ap-guangzhou",
      uin: "100000000001",
      temporary: {
        secretId: "AKIDEMULATORFAKETEMPORARY0000000000",
        secretKey: "emulatorFakeTemporaryKey00000000",
        token: "EMULATOR-FAKE-TC-TOKEN",
      },
    },
  };
}

/**
 * Child process for vendor-sdks.test.ts: ONE call made by a vendor SDK, unmodified, configured only
 * through its documented options and the environment (the parent sets NODE_EXTRA_CA_CERTS to the
 * emulator CA and, for the `env` case, `http_proxy`). Usage: `node sdk-via-proxy.js '<job JSON>'`.
 *
 * The process is only observed, not altered: every `net` connection it opens and every `dns.lookup`
 * it asks for is recorded (a lookup fails at once: this machine resolves no vendor names, and a client
 * going through the proxy never needs to). Prints one line, `RESULT <json>`, as the last line.
 */
"use strict";
const dns = require("node:dns");
const net = require("node:net");

const connects = [];
const lookups = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = args[0];
  if (o && typeof o === "object" && !Array.isArray(o)) connects.push(`${o.host || "localhost"}:${o.port}`);
  else if (Array.isArray(o) && o[0] && typeof o[0] === "object") connects.push(`${o[0].host}:${o[0].port}`);
  return connect.apply(this, args);
};
dns.lookup = function (hostname, options, callback) {
  lookups.push(hostname);
  const cb = typeof options === "function" ? options : callback;
  const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
  process.nextTick(() => cb(err));
};

function finish(result) {
  process.stdout.write(`\nRESULT ${JSON.stringify({ ...result, connects, lookups })}\n`);
}

async function tencent(job) {
  const { Client } = require("tencentcloud-sdk-nodejs-tke/tencentcloud/services/tke/v20180525/tke_client");
  const httpProfile = { reqTimeout: 20 };
  // No endpoint: the SDK's default host (tke.tencentcloudapi.com). The proxy comes from the documented
  // option, or from the environment (the SDK reads `http_proxy`) when the job leaves it out.
  if (job.proxy) httpProfile.proxy = job.proxy;
  const client = new Client({
    credential: { secretId: job.secretId, secretKey: job.secretKey },
    region: job.region,
    profile: { httpProfile },
  });
  try {
    const ok = await client[job.action](job.params);
    return { ok };
  } catch (e) {
    return { error: { code: e.code, requestId: e.requestId, message: e.message } };
  }
}

async function huawei(job) {
  const core = require("@huaweicloud/huaweicloud-sdk-core");
  const { ClientBuilder } = require("@huaweicloud/huaweicloud-sdk-core/ClientBuilder");
  // The SDK configures log4js to print every request (fake credentials included) to stdout; turn it off.
  require("log4js").configure({
    appenders: { out: { type: "stdout" } },
    categories: { default: { appenders: ["out"], level: "off" } },
  });
  const credential =
    job.credential === "global"
      ? new core.GlobalCredentials().withAk(job.ak).withSk(job.sk).withDomainId(job.domainId)
      : new core.BasicCredentials().withAk(job.ak).withSk(job.sk).withProjectId(job.projectId);
  const client = new ClientBuilder((c) => c)
    .withCredential(credential)
    .withEndpoint(job.endpoint)
    .withProxyAgent(job.proxy)
    .withOptions({ axiosRequestConfig: { timeout: 20000 } })
    .build();
  try {
    const ok = await client.sendRequest(job.request);
    return { ok, status: ok.httpStatusCode };
  } catch (e) {
    return {
      error: { status: e.status || e.httpStatusCode, code: e.errorCode, requestId: e.requestId, message: e.errorMsg },
    };
  }
}

const job = JSON.parse(process.argv[2]);
(job.sdk === "tencent" ? tencent(job) : huawei(job)).then(finish, (e) =>
  finish({ crash: String((e && e.stack) || e) }),
);

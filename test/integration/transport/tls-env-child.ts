/**
 * Child process for tls-env.test.ts: one request through the transport, in a process whose real
 * environment carries whatever the parent set (Jest gives test files a copy of `process.env` that
 * Node's own `tls` module never reads). Prints one JSON line: the outcome.
 */
import { HttpTransport, type TransportOptions } from "../../../provider/http";

const { url, options } = JSON.parse(process.env.TLS_ENV_CHILD_CALL || "{}") as {
  url: string;
  options: TransportOptions;
};
const t = new HttpTransport({ rateLimiter: { acquire: async () => undefined }, debug: false, ...options });
t.request({ vendor: "huaweicloud", operation: "ShowCluster", method: "GET", url })
  .then(
    (res) => ({ ok: true, status: res.status, body: res.body.toString() }),
    (err) => ({ ok: false, name: err.name, code: err.code, message: err.message }),
  )
  .then(async (outcome) => {
    await t.close();
    process.stdout.write(JSON.stringify(outcome) + "\n");
  });

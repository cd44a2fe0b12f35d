/**
 * The commands of `pulumi-cloud-kubeconfig` (provider/cli/main.ts): argument parsing, `get` and `credential`.
 * Inputs are the resources' inputs (`--clusterId …`, checked by the same schema), settings the stack config keys
 * of the resources (`--config huaweicloud:region=…`) over the same environment variables.
 */
import { createHash } from "crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "fs";
import { homedir } from "os";
import { join } from "path";
import { load } from "js-yaml";
import { z } from "zod";
import { configure, provider } from "../index";
import { redact } from "../http/redact";
import { providerNow } from "../resources/clock";
import { SECRET_CONFIG_KEYS, STACK_CONFIG_KEYS } from "../resources/context";
import { CLI_KINDS, KINDS, type ResourceKind } from "../resources/kinds";

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
}

export const USAGE = `Usage: pulumi-cloud-kubeconfig <get|credential> --kind <ucs|cce|federation|tke> [--<input> <value>]...
                                [--config <key>=<value>]... [--json] [--no-cache]

Commands:
  get         Print a normalized single-context kubeconfig for one cluster (YAML; JSON with --json). Like the
              resource's create, it asks the vendor for a credential (UCS, CCE and federation mint a new one).
  credential  Print an ExecCredential (client.authentication.k8s.io/v1) for kubectl's exec plugin, kept in an
              owner-only cache until 10 minutes before it expires (--no-cache: neither read nor write it).

Options:
  --kind        ucs (UcsClusterKubeconfig), cce (CceClusterKubeconfig), federation (FleetFederationKubeconfig),
                tke (TkeClusterKubeconfig)
  --<input>     an input of that resource, e.g. --clusterId <id> --endpoint extranet --validityDays 30
                (credentials come from the environment or --config, never from an argument)
  --config      a setting under its stack config key: huaweicloud:region, huaweicloud:endpoints,
                tencentcloud:region, cloudkubeconfig:caBundle, ... (repeatable)
  --json        get: print {kubeconfig, server, endpoint, contextName, clusterIdentifier, authType, expiresAt}
  -h, --help    this text

Credentials come only from the environment (a command line is visible to other users of the machine):
HW_ACCESS_KEY/HW_SECRET_KEY (and the other variables the resources read) for Huawei Cloud,
TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY for Tencent Cloud.
Exit codes: 0 done; 1 the vendor, the network or a setting failed; 2 a usage or input error.
`;

class UsageError extends Error {}

interface Parsed {
  command: "get" | "credential";
  kind: ResourceKind;
  inputs: Record<string, unknown>;
  config: Record<string, string>;
  json: boolean;
  cache: boolean;
}

/** The JSON-schema type of each input of `kind`, to read numbers and booleans from their text. */
function inputTypes(kind: ResourceKind): Record<string, string | undefined> {
  const json = z.toJSONSchema(KINDS[kind].inputs, { io: "input" }) as {
    properties?: Record<string, { type?: string }>;
  };
  return Object.fromEntries(Object.entries(json.properties ?? {}).map(([k, v]) => [k, v.type]));
}

function valueOf(name: string, text: string, type: string | undefined): unknown {
  if (type === "number" || type === "integer") {
    const n = Number(text);
    if (text.trim() === "" || Number.isNaN(n)) throw new UsageError(`--${name} must be a number, not "${text}"`);
    return n;
  }
  if (type === "boolean") {
    if (text !== "true" && text !== "false") throw new UsageError(`--${name} must be true or false, not "${text}"`);
    return text === "true";
  }
  if (type === "object") throw new UsageError(`--${name} cannot be given on the command line (use the environment)`);
  return text;
}

export function parseArgs(argv: string[]): Parsed | "help" {
  if (argv.includes("-h") || argv.includes("--help")) return "help";
  if (argv.length === 0) throw new UsageError("a command is required");
  const [command, ...rest] = argv;
  if (command !== "get" && command !== "credential") throw new UsageError(`unknown command "${command}"`);
  const flags: Array<[string, string | undefined]> = [];
  let json = false;
  let cache = true;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--json") json = true;
    else if (arg === "--no-cache") cache = false;
    else if (arg.startsWith("--") && arg.length > 2) {
      const eq = arg.indexOf("=");
      if (eq > 0) flags.push([arg.slice(2, eq), arg.slice(eq + 1)]);
      else flags.push([arg.slice(2), rest[++i]]);
    } else throw new UsageError(`unexpected argument "${arg}"`);
  }
  const kindName = flags.find(([k]) => k === "kind")?.[1];
  if (!kindName) throw new UsageError("--kind is required (ucs, cce, federation or tke)");
  const kind = CLI_KINDS[kindName];
  if (!kind) throw new UsageError(`unknown --kind "${kindName}" (ucs, cce, federation or tke)`);
  const types = inputTypes(kind);
  const inputs: Record<string, unknown> = {};
  const config: Record<string, string> = {};
  for (const [name, value] of flags) {
    if (name === "kind") continue;
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (name === "config") {
      const eq = value.indexOf("=");
      const key = eq > 0 ? value.slice(0, eq) : value;
      if (eq <= 0 || !(STACK_CONFIG_KEYS as readonly string[]).includes(key)) {
        throw new UsageError(`--config takes <key>=<value> with a key of: ${STACK_CONFIG_KEYS.join(", ")}`);
      }
      if ((SECRET_CONFIG_KEYS as readonly string[]).includes(key)) {
        throw new UsageError(
          `--config ${key} is a credential: set it in the environment (command lines are visible to other users)`,
        );
      }
      config[key] = value.slice(eq + 1);
    } else if (types[name] === "array") {
      // A list input (impersonateGroups): one flag per item, in order.
      inputs[name] = [...((inputs[name] as string[] | undefined) ?? []), value];
    } else if (name in types) inputs[name] = valueOf(name, value, types[name]);
    else throw new UsageError(`--${name} is not an input of ${kind}`);
  }
  return { command, kind, inputs, config, json, cache };
}

/** The outputs of the resource's check and create for these inputs and settings. */
async function fetchKubeconfig(p: Parsed): Promise<Record<string, any>> {
  await configure({ config: { get: (key: string) => p.config[key] } });
  const steps = provider(p.kind);
  const checked = await steps.check({}, p.inputs);
  if (checked.failures.length > 0) {
    throw new UsageError(checked.failures.map((f) => `--${f.property}: ${f.reason}`).join("\n"));
  }
  return (await steps.create(checked.inputs)).outs;
}

interface ExecCredential {
  apiVersion: "client.authentication.k8s.io/v1";
  kind: "ExecCredential";
  status: { clientCertificateData?: string; clientKeyData?: string; token?: string; expirationTimestamp?: string };
}

/** The kubeconfig's one user as an ExecCredential: PEM certificate and key, or the token. */
function execCredential(outs: Record<string, any>): ExecCredential {
  const doc = load(outs.kubeconfig) as { users: Array<{ user: Record<string, string> }> };
  const user = doc.users[0].user;
  const pem = (b64: string | undefined) => (b64 ? Buffer.from(b64, "base64").toString("utf8") : undefined);
  const status: ExecCredential["status"] = {};
  if (user["client-certificate-data"]) {
    status.clientCertificateData = pem(user["client-certificate-data"]);
    status.clientKeyData = pem(user["client-key-data"]);
  }
  if (user.token) status.token = user.token;
  if (outs.expiresAt) status.expirationTimestamp = outs.expiresAt;
  return { apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status };
}

/** A cached credential is used until this long before it expires. */
const CACHE_MARGIN_MS = 10 * 60 * 1000;

/** Where the credential of these arguments and credentials is cached: its name is a hash, never a secret. */
function cacheFile(p: Parsed, env: NodeJS.ProcessEnv): string {
  const root = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  const ambient = Object.keys(env)
    .filter((k) => /^(HW_|HUAWEICLOUD_|OS_|TENCENTCLOUD_)/.test(k))
    .sort()
    .map((k) => [k, env[k]]);
  const key = createHash("sha256")
    .update(JSON.stringify([p.kind, Object.entries(p.inputs).sort(), Object.entries(p.config).sort(), ambient]))
    .digest("hex");
  return join(root, "pulumi-cloud-kubeconfig", "credentials", `${key}.json`);
}

function readCache(file: string, now: Date): ExecCredential | undefined {
  try {
    const cred = JSON.parse(readFileSync(file, "utf8")) as ExecCredential;
    const expires = Date.parse(cred.status.expirationTimestamp ?? "");
    return expires - now.getTime() > CACHE_MARGIN_MS ? cred : undefined;
  } catch {
    return undefined;
  }
}

/** Owner-only: the folder 0700, the file written 0600 beside it and renamed into place. */
function writeCache(file: string, cred: ExecCredential): void {
  const dir = join(file, "..");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cred), { mode: 0o600 });
  renameSync(tmp, file);
}

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed: Parsed | "help";
  try {
    parsed = parseArgs(argv);
  } catch (err) {
    io.stderr.write(`pulumi-cloud-kubeconfig: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === "help") {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    if (parsed.command === "get") {
      const outs = await fetchKubeconfig(parsed);
      if (!parsed.json) io.stdout.write(outs.kubeconfig);
      else {
        const fields = [
          "kubeconfig",
          "server",
          "endpoint",
          "contextName",
          "clusterIdentifier",
          "authType",
          "expiresAt",
        ];
        io.stdout.write(JSON.stringify(Object.fromEntries(fields.map((f) => [f, outs[f]])), null, 2) + "\n");
      }
      return 0;
    }
    const file = cacheFile(parsed, io.env);
    const cached = parsed.cache ? readCache(file, providerNow()) : undefined;
    const cred = cached ?? execCredential(await fetchKubeconfig(parsed));
    if (parsed.cache && !cached && cred.status.expirationTimestamp) writeCache(file, cred);
    io.stdout.write(JSON.stringify(cred) + "\n");
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError;
    io.stderr.write(`pulumi-cloud-kubeconfig: ${redact((err as Error).message ?? String(err))}\n`);
    return usage ? 2 : 1;
  }
}

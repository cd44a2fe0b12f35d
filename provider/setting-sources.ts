/**
 * Vendor-neutral resolution of settings and credentials: each from the first place that has a value (the
 * resource's input, the stack config, the environment), and every value named by where it came from, so a message
 * can name the source and never the value. The vendors' credentials.ts files declare their places and names.
 * Pure: the caller passes the stack config and the environment in.
 */
import { SettingsError } from "./errors";

/** Reads one value by name; `undefined` when missing or blank. */
export type Lookup = (name: string) => string | undefined;

/** Where one value came from, for messages and `sources`. */
export const inputOrigin = (name: string): string => `input ${name}`;
export const configOrigin = (name: string): string => `stack config ${name}`;
export const envOrigin = (name: string): string => `environment variable ${name}`;

/** A string value trimmed; `undefined` for anything else or a blank string. */
export function clean(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

/** The places settings are read from: explicit inputs, stack config keys, environment variables. */
export interface SettingsInput<E extends object = object> {
  /** Settings given directly (resource arguments or provider options). */
  explicit?: E;
  /** Stack config keys such as `huaweicloud:accessKey` (values as strings). */
  config?: Record<string, string | undefined>;
  /** The process environment. */
  env?: Record<string, string | undefined>;
}

/** A vendor's credential, where it came from as one phrase, and `credentials.<field>` → origin. */
export interface FoundCredentials<C> {
  credentials: C;
  /** e.g. `stack config (huaweicloud:accessKey, huaweicloud:secretKey)`: names, never values. */
  source: string;
  sources: Record<string, string>;
}

/** Settings with their credential: `source` names where the credential came from, `sources` every value's origin. */
export type WithCredentials<V, C> = V & { credentials: C; source: string };

/** Joins resolved settings and the credential found, with one `sources` map of both. */
export function withCredentials<V extends { sources: Record<string, string> }, C>(
  values: V,
  found: FoundCredentials<C>,
): WithCredentials<V, C> {
  return {
    ...values,
    credentials: found.credentials,
    source: found.source,
    sources: { ...values.sources, ...found.sources },
  };
}

/** The three lookups of a {@link SettingsInput}. */
export function lookups(input: SettingsInput): { fromExplicit: Lookup; fromConfig: Lookup; fromEnv: Lookup } {
  const explicit = (input.explicit || {}) as Record<string, unknown>;
  return {
    fromExplicit: (n) => clean(explicit[n]),
    fromConfig: (n) => clean(input.config && input.config[n]),
    fromEnv: (n) => clean(input.env && input.env[n]),
  };
}

/**
 * Settings other than credentials, each from the first place that has it: the input `name`, the stack config
 * `{namespace}:{name}`, then the environment variables in order. `sources[name]` says where each value came from.
 */
export class FirstSetting {
  readonly sources: Record<string, string> = {};
  private readonly look: ReturnType<typeof lookups>;

  constructor(
    input: SettingsInput,
    /** The stack config namespace, e.g. `huaweicloud`. */
    private readonly namespace: string,
  ) {
    this.look = lookups(input);
  }

  pick(name: string, envNames: readonly string[] = []): string | undefined {
    const configKey = `${this.namespace}:${name}`;
    const candidates: Array<[string | undefined, string]> = [
      [this.look.fromExplicit(name), inputOrigin(name)],
      [this.look.fromConfig(configKey), configOrigin(configKey)],
      ...envNames.map((n): [string | undefined, string] => [this.look.fromEnv(n), envOrigin(n)]),
    ];
    for (const [value, origin] of candidates) {
      if (value) {
        this.sources[name] = origin;
        return value;
      }
    }
    return undefined;
  }
}

/** Which fields make a credential: a pair that only comes together, its optional token, or a field alone. */
export interface CredentialShape {
  /** The two fields that are only used together (key id and secret), in the order messages name them. */
  pair: readonly [string, string];
  /** The field that may come with the pair (a temporary credential's token). */
  token: string;
  /** A field that is a credential on its own (an IAM token), tried after the pair in each place. */
  alone?: string;
}

/** One named place a credential may be: a label for messages and the name of each field there. */
export interface CredentialPlace {
  label: string;
  /** Where one value of this place came from, e.g. `environment variable HW_ACCESS_KEY`. */
  origin: (name: string) => string;
  /** The name a message uses for a lookup name (inputs are nested under `credentials`). */
  shown?: (name: string) => string;
  /** Field → the name it has in this place; a field without a name is not looked for here. */
  names: Readonly<Record<string, string | undefined>>;
  /** A token here without a pair is an error; elsewhere (a variable several places share) it is ignored. */
  strictToken?: boolean;
  get: Lookup;
}

/** The credential found: its field values, where they came from, and (per field) `credentials.<field>` origins. */
export interface PickedCredentials {
  values: Record<string, string>;
  /** e.g. `stack config (huaweicloud:accessKey, huaweicloud:secretKey)`: names, never values. */
  source: string;
  sources: Record<string, string>;
}

/** The vendor's {@link SettingsError} subclass. */
export type SettingsErrorClass = new (
  code: "CREDENTIALS_NOT_FOUND" | "CREDENTIALS_INCOMPLETE",
  message: string,
  lookedIn: string[],
) => SettingsError;

/**
 * The usual places, given each field's name there: the input (fields nested under `credentials`), the stack
 * config, and an environment (whose token may be a variable other places share: not strict unless told).
 */
export function credentialPlaces(input: SettingsInput): {
  input: (names: CredentialPlace["names"]) => CredentialPlace;
  config: (names: CredentialPlace["names"]) => CredentialPlace;
  env: (names: CredentialPlace["names"], strictToken?: boolean) => CredentialPlace;
} {
  const { fromExplicit, fromConfig, fromEnv } = lookups(input);
  const inCredentials = (n: string) => `credentials.${n}`;
  return {
    input: (names) => ({
      label: "input",
      origin: (n) => inputOrigin(inCredentials(n)),
      shown: inCredentials,
      names,
      strictToken: true,
      get: fromExplicit,
    }),
    config: (names) => ({ label: "stack config", origin: configOrigin, names, strictToken: true, get: fromConfig }),
    env: (names, strictToken = false) => ({
      label: "environment",
      origin: envOrigin,
      names,
      strictToken,
      get: fromEnv,
    }),
  };
}

/**
 * The credential of the first place that has one. A pair half set, or (where strict) a token without its pair,
 * is an error naming the place: falling through to another place would pair a key with someone else's secret.
 * `vendorTitle` names the vendor in messages, e.g. `Huawei Cloud`.
 */
export function pickCredentials(
  vendorTitle: string,
  shape: CredentialShape,
  places: readonly CredentialPlace[],
  ErrorClass: SettingsErrorClass,
): PickedCredentials {
  const looked = places.map((p) => describePlace(shape, p));
  const [first, second] = shape.pair;
  for (const p of places) {
    const show = p.shown || ((n: string) => n);
    const name = (field: string) => p.names[field] as string;
    const value = (field: string) => (p.names[field] ? p.get(name(field)) : undefined);
    const incomplete = (present: string, missing: string) =>
      new ErrorClass(
        "CREDENTIALS_INCOMPLETE",
        `${vendorTitle} credentials incomplete in ${p.label}: ${present} is set but ${missing} is not`,
        looked,
      );
    const a = value(first);
    const b = value(second);
    const token = value(shape.token);
    if (a && b) return found(p, token ? [first, second, shape.token] : [first, second]);
    if (a) throw incomplete(show(name(first)), show(name(second)));
    if (b) throw incomplete(show(name(second)), show(name(first)));
    if (shape.alone && value(shape.alone)) return found(p, [shape.alone]);
    if (token && p.strictToken) {
      throw incomplete(show(name(shape.token)), `${show(name(first))} and ${show(name(second))}`);
    }
  }
  throw new ErrorClass(
    "CREDENTIALS_NOT_FOUND",
    `No ${vendorTitle} credentials found. Looked in: ${looked.join("; ")}`,
    looked,
  );
}

function found(p: CredentialPlace, fields: string[]): PickedCredentials {
  const show = p.shown || ((n: string) => n);
  const values: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const field of fields) {
    const name = p.names[field] as string;
    values[field] = p.get(name) as string;
    sources[`credentials.${field}`] = p.origin(name);
  }
  return { values, source: `${p.label} (${fields.map((f) => show(p.names[f] as string)).join(", ")})`, sources };
}

/** `environment HW_ACCESS_KEY + HW_SECRET_KEY (+ HW_SECURITY_TOKEN) or HW_AUTH_TOKEN`. */
function describePlace(shape: CredentialShape, p: CredentialPlace): string {
  const show = p.shown || ((n: string) => n);
  const [first, second] = shape.pair;
  const parts: string[] = [];
  const a = p.names[first];
  const b = p.names[second];
  if (a && b) {
    const token = p.names[shape.token];
    parts.push(`${show(a)} + ${show(b)}` + (token ? ` (+ ${show(token)})` : ""));
  }
  const alone = shape.alone ? p.names[shape.alone] : undefined;
  if (alone) parts.push(show(alone));
  return `${p.label} ${parts.join(" or ")}`;
}

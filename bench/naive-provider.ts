/**
 * The comparison for the state-weight metric: a dynamic provider written the common way,
 * with the implementation imported at module scope and called from the provider's methods. Pulumi's
 * serializer then captures the imported module (and whatever it reaches) into every resource's `__provider`,
 * instead of the one-line require our shims produce (sdk/shim.ts).
 */
import type { dynamic } from "@pulumi/pulumi";
import { configure, provider } from "../provider";
import type { ResourceKind } from "../provider";

/** A provider object for `kind` whose methods call the top-level imports directly. */
export function naiveProvider(kind: ResourceKind): dynamic.ResourceProvider {
  return {
    configure: (req) => configure(req),
    check: (olds, news) => provider(kind).check(olds, news),
    diff: (id, olds, news) => provider(kind).diff(id, olds, news),
    create: (inputs) => provider(kind).create(inputs),
    read: (id, props) => provider(kind).read(id, props),
    update: (id, olds, news) => provider(kind).update(id, olds, news),
    delete: (id, props) => provider(kind).delete(id, props),
  };
}

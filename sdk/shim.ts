import type { dynamic } from "@pulumi/pulumi";

/**
 * The object handed to `pulumi.dynamic.Resource`. Its methods capture only the resource kind (a string)
 * and require the installed implementation at call time, so the serialized `__provider` is a few hundred
 * bytes, identical for every instance of a kind, free of credentials, and always runs the code that is
 * installed (not the code of the last `up`). See docs/pulumi-dynamic.md §1.4.
 *
 * `require` resolves from the program directory (the provider process's cwd), where users install this
 * package; the subpath is in package.json `exports`.
 */
export function providerShim(kind: string): dynamic.ResourceProvider {
  return {
    configure: (req) => require("pulumi-cloud-kubeconfig/provider").configure(req),
    check: (olds, news) => require("pulumi-cloud-kubeconfig/provider").provider(kind).check(olds, news),
    diff: (id, olds, news) => require("pulumi-cloud-kubeconfig/provider").provider(kind).diff(id, olds, news),
    create: (inputs) => require("pulumi-cloud-kubeconfig/provider").provider(kind).create(inputs),
    read: (id, props) => require("pulumi-cloud-kubeconfig/provider").provider(kind).read(id, props),
    update: (id, olds, news) => require("pulumi-cloud-kubeconfig/provider").provider(kind).update(id, olds, news),
    delete: (id, props) => require("pulumi-cloud-kubeconfig/provider").provider(kind).delete(id, props),
  };
}

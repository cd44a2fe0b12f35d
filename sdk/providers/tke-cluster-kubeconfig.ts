import { providerShim } from "../shim";

/**
 * The dynamic provider of `TkeClusterKubeconfig`. This module's exports ARE the provider object: when the package is
 * installed under node_modules, Pulumi's serializer stores `__provider` as a one-line require of this
 * module instead of the object's code (docs/pulumi-dynamic.md §1.1, step 5).
 */
export = providerShim("TkeClusterKubeconfig");

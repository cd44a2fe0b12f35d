/**
 * Metric 2, cold start: a fresh `node` process (cwd = a program directory with the package installed) that
 * loads `pulumi-cloud-kubeconfig/provider` and resolves one resource implementation, against one that loads
 * `@pulumi/pulumi` alone (which the dynamic-provider process loads anyway). Wall time spawn → exit, alternated.
 */
import { runNode } from "./child";
import { alternate, fromSamples, ratios, type Metric } from "./metric";

/** `check` loads the kind's module (provider/index.ts loads implementations lazily) and validates inputs. */
const OURS = `require("pulumi-cloud-kubeconfig/provider").provider("TkeClusterKubeconfig").check({}, {})
  .then((r) => { if (!r.failures.length) process.exit(2); });`;
const PULUMI = `require("@pulumi/pulumi");`;

export async function measureColdStart(programDir: string, runs: number): Promise<Metric[]> {
  // One unmeasured run each: the first read of the files from disk is not what a user's second `up` pays.
  await runNode(OURS, programDir);
  await runNode(PULUMI, programDir);
  const s = await alternate(
    runs,
    async () => (await runNode(OURS, programDir)).ms,
    async () => (await runNode(PULUMI, programDir)).ms,
  );
  return [
    fromSamples("cold-start.provider-ms", "ms", "fresh node: require provider + resolve TkeClusterKubeconfig", s.a),
    fromSamples("cold-start.pulumi-ms", "ms", "fresh node: require @pulumi/pulumi alone", s.b),
    fromSamples("cold-start.ratio", "ratio", "ours ÷ @pulumi/pulumi alone (pairwise)", ratios(s.a, s.b)),
  ];
}

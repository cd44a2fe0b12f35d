#!/usr/bin/env node
/**
 * `pulumi-resource-cloud-kubeconfig`: the native provider plugin's entry point. The engine runs it with its own
 * address as the argument; it serves on a loopback port and prints that port.
 */
import { serve } from "./server";

serve().catch((err) => {
  process.stderr.write(`pulumi-resource-cloud-kubeconfig: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

/**
 * The crash-consistency matrix's model of the Pulumi engine around one resource: which provider method
 * `pulumi up`, `refresh` and `destroy` call given what the state records, and what the engine records from the
 * answer. The rules are the engine's (pkg/resource/deploy/step.go and the dynamic-provider server's
 * grpcResponseFromError in @pulumi/pulumi/cmd/dynamic-provider):
 *
 * - create: a success is recorded; an error with `id` and `properties` is an init failure, recorded with those
 *   properties as outputs (the CLI then prints the error's `reasons`, not its message: the engine's provider
 *   client turns ErrorResourceInitFailed into an InitError that keeps only the reasons); any other error records
 *   nothing.
 * - up on a recorded resource: check, diff, replace when diff says so (delete first when the provider asks for
 *   deleteBeforeReplace), and update when diff reports changes or the resource carries init
 *   errors (step_generator.go: "if resource was unchanged, but there were initialization errors, generate an
 *   empty update step"); an update error with `id` and `properties` records them, others leave the state.
 * - refresh: read what is recorded; an empty id drops it; an error leaves it.
 * - destroy: delete what is recorded; only a success removes it.
 * - a process killed during a step records nothing new. For a create the checkpoint keeps a pending CREATE
 *   (`pendingCreate` here), which the CLI only warns about; it is not a resource and nothing deletes it.
 */
import { provider, type ResourceKind } from "../../provider";
import type { Props } from "./reliability-harness";

export type Command = "up" | "refresh" | "destroy";

export interface Recorded {
  id: string;
  outputs: Props;
  inputs: Props;
  /** Recorded from an init failure: the next `up` updates it even when diff reports no change. */
  initErrors: boolean;
}

/** One command as the model ran it. */
export interface Run {
  command: Command;
  /** The provider method it called for the resource, or `none`. */
  step: "create" | "update" | "read" | "delete" | "none";
  result: "ok" | "failed" | "killed" | "nothing to do" | "no change";
  /** What the state records afterwards, compared with before. */
  recorded: "created" | "init failure" | "updated" | "kept" | "dropped" | "removed" | "unchanged" | "nothing";
  /** The provider's error (none when the process was killed). */
  error?: Error & Record<string, any>;
  /**
   * What the CLI prints for the failure: the error's message, except for an init failure, whose message the
   * engine drops: it prints the error's `reasons` ("1 error occurred: * <reason>").
   */
  printed?: string;
  /** Set when `up` replaced the resource: the inputs diff said force a replacement. */
  replaced?: string[];
}

export class EngineModel {
  resource?: Recorded;
  /** Inputs of a create whose process was killed (the checkpoint's pending CREATE). */
  pendingCreate?: Props;

  /**
   * @param kind the resource kind
   * @param program the inputs the program declares (as the SDK class sends them, `__owner` included)
   * @param killed whether the process running the current step was killed (its answer never reaches the state)
   */
  constructor(
    private readonly kind: ResourceKind,
    private readonly program: Props,
    private readonly killed: () => boolean = () => false,
  ) {}

  async up(): Promise<Run> {
    const prov = provider(this.kind);
    if (!this.resource) return this.create(await this.check(undefined));
    const recorded = this.resource;
    const inputs = await this.check(recorded.inputs);
    const diff = await prov.diff(recorded.id, recorded.outputs, inputs);
    if (!diff.changes && !recorded.initErrors) {
      return { command: "up", step: "none", result: "no change", recorded: "unchanged" };
    }
    if (diff.replaces.length > 0) return this.replace(recorded, inputs, diff);
    return this.step(
      "up",
      "update",
      () => prov.update(recorded.id, recorded.outputs, inputs),
      this.recording(inputs, "updated", recorded.id),
    );
  }

  /** `up` creating the resource: what the engine records from the answer, or a pending create when killed. */
  private create(inputs: Props): Promise<Run> {
    return this.step("up", "create", () => provider(this.kind).create(inputs), {
      ...this.recording(inputs, "created"),
      killed: () => {
        this.pendingCreate = inputs;
      },
    });
  }

  /**
   * What the engine records from a create or update of `inputs`: the outputs of a success, or an init failure's
   * properties; the id is the answer's for a create, the recorded one (`id`) for an update.
   */
  private recording(inputs: Props, done: "created" | "updated", id?: string) {
    return {
      ok: (r: { id?: string; outs: Props }): Run["recorded"] => {
        this.resource = { id: id ?? r.id!, outputs: r.outs, inputs, initErrors: false };
        return done;
      },
      initFailure: (err: Error & Record<string, any>): Run["recorded"] => {
        this.resource = { id: id ?? err.id, outputs: err.properties, inputs, initErrors: true };
        return "init failure";
      },
    };
  }

  /**
   * A replacement: delete-before-replace when the provider asks for it (the old one is deleted, then the new one
   * created; a failed delete stops there), else create the new one first, then delete the old one.
   */
  private async replace(
    recorded: Recorded,
    inputs: Props,
    diff: { replaces: string[]; deleteBeforeReplace?: boolean },
  ): Promise<Run> {
    const replaced = { replaced: diff.replaces };
    const create = () => this.create(inputs);
    if (diff.deleteBeforeReplace) {
      const deleted = await this.destroy();
      if (deleted.result !== "ok") return { ...deleted, command: "up", ...replaced };
      return { ...(await create()), ...replaced };
    }
    const old = this.resource;
    const created = await create();
    if (created.result !== "ok") return { ...created, ...replaced };
    const now = this.resource;
    this.resource = old;
    const deleted = await this.destroy();
    this.resource = now;
    return deleted.result === "ok" ? { ...created, ...replaced } : { ...deleted, command: "up", ...replaced };
  }

  async refresh(): Promise<Run> {
    const recorded = this.resource;
    if (!recorded) return { command: "refresh", step: "none", result: "nothing to do", recorded: "nothing" };
    return this.step("refresh", "read", () => provider(this.kind).read(recorded.id, recorded.outputs), {
      ok: (r) => {
        if (!r.id) {
          this.resource = undefined;
          return "dropped";
        }
        this.resource = { ...recorded, id: r.id, outputs: r.props };
        return "kept";
      },
    });
  }

  async destroy(): Promise<Run> {
    const recorded = this.resource;
    if (!recorded) return { command: "destroy", step: "none", result: "nothing to do", recorded: "nothing" };
    return this.step("destroy", "delete", () => provider(this.kind).delete(recorded.id, recorded.outputs), {
      ok: () => {
        this.resource = undefined;
        return "removed";
      },
    });
  }

  run(command: Command): Promise<Run> {
    return command === "up" ? this.up() : command === "refresh" ? this.refresh() : this.destroy();
  }

  private async check(olds: Props | undefined): Promise<Props> {
    const { inputs, failures } = await provider(this.kind).check(olds ?? {}, this.program);
    if (failures.length > 0) throw new Error(`the program's inputs fail check: ${JSON.stringify(failures)}`);
    return inputs;
  }

  private async step<T>(
    command: Command,
    step: Run["step"],
    call: () => Promise<T>,
    on: {
      ok: (r: T) => Run["recorded"];
      initFailure?: (err: Error & Record<string, any>) => Run["recorded"];
      killed?: () => void;
    },
  ): Promise<Run> {
    let answer: { ok: true; value: T } | { ok: false; error: Error & Record<string, any> };
    try {
      answer = { ok: true, value: await call() };
    } catch (err) {
      answer = { ok: false, error: err as Error & Record<string, any> };
    }
    if (this.killed()) {
      on.killed?.();
      return { command, step, result: "killed", recorded: "unchanged" };
    }
    if (answer.ok) return { command, step, result: "ok", recorded: on.ok(answer.value) };
    const err = answer.error;
    const initFailure = typeof err.id === "string" && err.id !== "" && err.properties && on.initFailure;
    const reasons: string[] = Array.isArray(err.reasons) ? err.reasons.map(String) : [];
    return {
      command,
      step,
      result: "failed",
      recorded: initFailure ? on.initFailure!(err) : "unchanged",
      error: err,
      printed: initFailure ? reasons.join("; ") : err.message,
    };
  }
}

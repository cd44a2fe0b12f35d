// Command pulumi-language-nodejs is a minimal Node.js language host for the Pulumi CLI, written for this
// project because the Go module proxy does not serve the upstream host's module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 answers 403 for every version; see
// docs/pulumi-cli.md). It implements only what `pulumi up/preview/destroy/refresh` need:
//
//   - Handshake and GetPluginInfo;
//   - GetRequiredPackages/GetRequiredPlugins answering "none" (providers are then loaded on demand; with
//     PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION a missing provider is an error, never a download);
//   - Run: starts `node <@pulumi/pulumi/cmd/run> --monitor … <entry point>` in the program directory, with
//     the stack config in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS (read by @pulumi/pulumi runtime/config.js).
//
// Everything else (about, new, install, convert, packages, policy packs) answers UNIMPLEMENTED.
// The engine starts a language plugin as `pulumi-language-nodejs <engine address>` and reads the gRPC port
// from the first stdout line (docs/pulumi-cli.md, "The language host").
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is stamped with -ldflags "-X main.version=…" by scripts/ensure-pulumi.sh.
var version = "3.259.0"

// bailExitCode is what @pulumi/pulumi cmd/run exits with after it has already reported the error
// (cmd/run/index.js nodeJSProcessExitedAfterLoggingUserActionableMessage); the engine must not print more.
const bailExitCode = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu         sync.Mutex
	engineAddr string
	running    map[*exec.Cmd]struct{}
}

func main() {
	args := os.Args[1:]
	// The engine address is the last positional argument; tolerate flags before it.
	engineAddr := ""
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			engineAddr = a
		}
	}
	h := &host{engineAddr: engineAddr, running: map[*exec.Cmd]struct{}{}}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start gRPC server: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddr = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(os.Interrupt)
		}
	}
	return &emptypb.Empty{}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := req.GetPwd()
	if info != nil && info.GetProgramDirectory() != "" {
		programDir = info.GetProgramDirectory()
	}
	entry := req.GetProgram()
	if info != nil && info.GetEntryPoint() != "" {
		entry = info.GetEntryPoint()
	}
	if entry == "" {
		entry = "."
	}

	runScript, err := resolveRunScript(ctx, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	// Never "null": runtime/config.js does Object.keys(JSON.parse(PULUMI_CONFIG)).
	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	h.mu.Lock()
	engineAddr := h.engineAddr
	h.mu.Unlock()

	argv := nodeArgs(info)
	argv = append(argv, runScript, "--monitor="+req.GetMonitorAddress())
	if engineAddr != "" {
		argv = append(argv, "--engine="+engineAddr)
	}
	for _, kv := range [][2]string{
		{"organization", req.GetOrganization()},
		{"project", req.GetProject()},
		{"stack", req.GetStack()},
		{"pwd", req.GetPwd()},
	} {
		if kv[1] != "" {
			argv = append(argv, "--"+kv[0]+"="+kv[1])
		}
	}
	if info != nil && info.GetRootDirectory() != "" {
		argv = append(argv, "--root-directory="+info.GetRootDirectory())
	}
	if req.GetParallel() > 0 {
		argv = append(argv, "--parallel="+strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetDryRun() {
		argv = append(argv, "--dry-run")
	}
	argv = append(argv, entry)
	argv = append(argv, req.GetArgs()...)

	cmd := exec.Command("node", argv...) //nolint:gosec // the engine is the only caller
	cmd.Dir = programDir
	if req.GetPwd() != "" {
		cmd.Dir = req.GetPwd()
	}
	// The engine shows the plugin's stdout/stderr as the program's output.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
	)
	cmd.Env = append(cmd.Env, typescriptEnv(info)...)

	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v", err)}, nil
	}
	h.mu.Lock()
	h.running[cmd] = struct{}{}
	h.mu.Unlock()
	err = cmd.Wait()
	h.mu.Lock()
	delete(h.running, cmd)
	h.mu.Unlock()

	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == bailExitCode:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	default:
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
}

// resolveRunScript finds @pulumi/pulumi/cmd/run as the program itself would, from its directory, so the
// program and the runner share one copy of the SDK.
func resolveRunScript(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "node", "-e",
		`process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run", { paths: [process.cwd()] }))`)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf(
			"could not resolve @pulumi/pulumi/cmd/run from %s (is @pulumi/pulumi installed there?): %w", dir, err)
	}
	return filepath.Clean(strings.TrimSpace(string(out))), nil
}

// nodeArgs honours the `nodeargs` runtime option of Pulumi.yaml (space-separated node flags).
func nodeArgs(info *pulumirpc.ProgramInfo) []string {
	if info == nil || info.GetOptions() == nil {
		return nil
	}
	v, ok := info.GetOptions().GetFields()["nodeargs"]
	if !ok {
		return nil
	}
	return strings.Fields(v.GetStringValue())
}

// typescriptEnv maps the `typescript` and `tsconfig` runtime options to the variables cmd/run/run.js reads.
// Like the upstream host, TypeScript support (ts-node, when installed) is on unless `typescript: false`.
func typescriptEnv(info *pulumirpc.ProgramInfo) []string {
	typescript := true
	tsconfig := ""
	if info != nil && info.GetOptions() != nil {
		fields := info.GetOptions().GetFields()
		if v, ok := fields["typescript"]; ok {
			typescript = v.GetBoolValue()
		}
		if v, ok := fields["tsconfig"]; ok {
			tsconfig = v.GetStringValue()
		}
	}
	env := []string{"PULUMI_NODEJS_TYPESCRIPT=" + strconv.FormatBool(typescript)}
	if tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env
}

// pulumi-language-nodejs for this project's locally built Pulumi CLI.
//
// Why this exists: since v3.69 Pulumi's Node.js language host is its own Go module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) with no version tags, and the
// Go module proxy our machines reach refuses every pseudo-version of it (403 "This module version is
// not available"). The newest host it serves is the one inside github.com/pulumi/pulumi/sdk/v3@v3.68.0.
// That host runs programs fine against the engine (v3.259 to v3.276), but it lacks RunPlugin, which the engine
// has used since v3.221 to start Node.js policy packs.
//
// So this binary starts the real v3.68.0 host as a child, forwards every language-runtime call to it,
// and answers RunPlugin itself, the way current hosts do: it runs `@pulumi/pulumi/cmd/run-policy-pack`
// (analyzers) or `@pulumi/pulumi/cmd/run-plugin` (other plugins) with node, resolved from the plugin's
// directory, and streams the child's output back to the engine.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The real host sits next to this binary under this name (see scripts/install-pulumi.sh).
const innerHostName = "pulumi-language-nodejs-inner"

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	inner, err := startInnerHost(filepath.Join(filepath.Dir(self), innerHostName), os.Args[1:])
	if err != nil {
		return err
	}

	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{inner: inner})
			return nil
		},
	})
	if err != nil {
		return err
	}
	// The engine reads the port of the language host from its first line of output.
	fmt.Printf("%d\n", handle.Port)
	return <-handle.Done
}

// startInnerHost runs the real host with the engine's arguments and connects to the port it prints.
func startInnerHost(path string, args []string) (pulumirpc.LanguageRuntimeClient, error) {
	cmd := exec.Command(path, args...)
	cmd.Stderr = os.Stderr
	// The engine kills the language host without warning; the inner host must go with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	reader := bufio.NewReader(stdout)
	line, err := reader.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("reading the port of %s: %w", path, err)
	}
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return nil, fmt.Errorf("%s printed %q instead of a port", path, line)
	}
	go func() { _, _ = io.Copy(os.Stdout, reader) }()
	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", port),
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return nil, err
	}
	return pulumirpc.NewLanguageRuntimeClient(conn), nil
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	inner pulumirpc.LanguageRuntimeClient
}

func (h *host) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return h.inner.Handshake(ctx, req)
}

func (h *host) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return h.inner.GetRequiredPlugins(ctx, req)
}

func (h *host) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return h.inner.GetRequiredPackages(ctx, req)
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	return h.inner.Run(ctx, req)
}

func (h *host) GetPluginInfo(ctx context.Context, req *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return h.inner.GetPluginInfo(ctx, req)
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return h.inner.About(ctx, req)
}

func (h *host) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return h.inner.GetProgramDependencies(ctx, req)
}

func (h *host) RuntimeOptionsPrompts(ctx context.Context, req *pulumirpc.RuntimeOptionsRequest) (*pulumirpc.RuntimeOptionsResponse, error) {
	return h.inner.RuntimeOptionsPrompts(ctx, req)
}

func (h *host) Cancel(ctx context.Context, req *emptypb.Empty) (*emptypb.Empty, error) {
	return h.inner.Cancel(ctx, req)
}

func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	stream, err := h.inner.InstallDependencies(server.Context(), req)
	if err != nil {
		return err
	}
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := server.Send(msg); err != nil {
			return err
		}
	}
}

// RunPlugin starts a Node.js plugin: a policy pack (kind "analyzer") or another plugin program.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	programDir := req.GetPwd()
	if info := req.GetInfo(); info != nil && info.GetProgramDirectory() != "" {
		programDir = info.GetProgramDirectory()
	}
	isAnalyzer := req.GetKind() == "analyzer"
	module := "@pulumi/pulumi/cmd/run-plugin"
	if isAnalyzer {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := resolveNodeModule(module, programDir)
	if err != nil {
		return err
	}

	env := req.GetEnv()
	if len(env) == 0 {
		env = os.Environ()
	}
	if opts := req.GetInfo().GetOptions().AsMap(); opts["typescript"] == true {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}

	// Policy packs take the program directory last; other plugins take it first.
	args := []string{runPath}
	dir := req.GetPwd()
	if isAnalyzer {
		args = append(append(args, req.GetArgs()...), programDir)
		dir = programDir
	} else {
		args = append(append(args, programDir), req.GetArgs()...)
	}

	// A policy pack needs the stack's configuration in its environment before it starts; the engine
	// hands it over through the analyzer protocol, so a proxy answers as the pack first and then
	// forwards to the real one.
	var proxy *sdk.PolicyProxy
	if isAnalyzer {
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start the policy pack proxy: %w", err)
		}
		config, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get the stack configuration: %w", err)
		}
		if config != nil {
			env = appendIfSet(env, "PULUMI_NODEJS_ORGANIZATION", config.GetOrganization())
			env = appendIfSet(env, "PULUMI_NODEJS_PROJECT", config.GetProject())
			env = appendIfSet(env, "PULUMI_NODEJS_STACK", config.GetStack())
			env = append(env, "PULUMI_NODEJS_DRY_RUN="+strconv.FormatBool(config.GetDryRun()))
			if config.GetConfig() != nil {
				configJSON, err := json.Marshal(config.GetConfig())
				if err != nil {
					return err
				}
				env = append(env, "PULUMI_CONFIG="+string(configJSON))
			}
		}
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not run node: %w", err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd)
	} else {
		err = cmd.Wait()
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return fmt.Errorf("plugin program exited with code %d", exitErr.ExitCode())
	}
	if err != nil {
		return err
	}
	return closer.Close()
}

// resolveNodeModule finds a module the way node does from dir (the plugin's own node_modules first).
func resolveNodeModule(module, dir string) (string, error) {
	cmd := exec.Command("node", "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not find %s from %s; is @pulumi/pulumi installed there (npm install)?", module, dir)
	}
	return string(out), nil
}

func appendIfSet(env []string, key, value string) []string {
	if value == "" {
		return env
	}
	return append(env, key+"="+value)
}

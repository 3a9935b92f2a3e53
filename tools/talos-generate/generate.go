package main

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	sideronet "github.com/siderolabs/net"
	"github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/config/bundle"
	"github.com/siderolabs/talos/pkg/machinery/config/configpatcher"
	"github.com/siderolabs/talos/pkg/machinery/config/encoder"
	"github.com/siderolabs/talos/pkg/machinery/config/generate"
	"github.com/siderolabs/talos/pkg/machinery/config/generate/secrets"
	"github.com/siderolabs/talos/pkg/machinery/config/machine"
	"github.com/siderolabs/talos/pkg/machinery/constants"
	"github.com/siderolabs/talos/pkg/machinery/gendata"
	"golang.org/x/mod/semver"
)

// Source of every step below: terraform-provider-talos v0.11.0, the Terraform provider that the
// Talos plugin 0.8.1 bridges, at https://github.com/siderolabs/terraform-provider-talos/blob/v0.11.0/
// (cited as tfp:<file> <function>).

// Args are the invoke arguments of talos:machine/getConfiguration:getConfiguration, by their
// Pulumi names (Terraform's are the snake_case ones). machineSecrets is not among them: the
// offline plan redacts it, and Secrets stands in for it.
type Args struct {
	ClusterName       *string  `json:"clusterName"`
	ClusterEndpoint   *string  `json:"clusterEndpoint"`
	MachineType       *string  `json:"machineType"`
	ConfigPatches     []string `json:"configPatches"`
	KubernetesVersion *string  `json:"kubernetesVersion"`
	TalosVersion      *string  `json:"talosVersion"`
	Docs              *bool    `json:"docs"`
	Examples          *bool    `json:"examples"`
}

// NewSecrets makes a secrets bundle as the plugin's Secrets resource creates one, for the
// contract of its talosVersion (tfp:pkg/talos/talos_machine_secrets_resource.go Create).
func NewSecrets(talosVersion string) (*secrets.Bundle, error) {
	contract, err := config.ParseContractFromVersion(talosVersion)
	if err != nil {
		return nil, fmt.Errorf("talosVersion: %w", err)
	}

	return secrets.NewBundle(secrets.NewFixedClock(time.Now()), contract)
}

// Generate returns the machine config the data source would return for these arguments, or
// every error it would report, each led by the Pulumi name of the argument it concerns.
//
// The bridge validates a data source's config before it reads it (pulumi-terraform-bridge
// pkg/pf/tfbridge/provider_invoke.go, InvokeWithContext: ValidateDataResourceConfig, then
// ReadDataSource; read at a commit later than v3.129.0, which the Go module proxy refuses), so the
// schema's validators and ValidateConfig run first, then Read.
func Generate(args Args, bundleSecrets *secrets.Bundle) (string, []string) {
	if problems := validateConfig(args); len(problems) > 0 {
		return "", problems
	}

	return read(args, bundleSecrets)
}

// validateConfig: the schema's validators and ValidateConfig of
// tfp:pkg/talos/talos_machine_configuration_data_source.go (Schema, ValidateConfig,
// validateMachineConfigurationConfig).
func validateConfig(args Args) []string {
	var problems []string

	add := func(attribute string, err error) {
		problems = append(problems, fmt.Sprintf("%s: %v", attribute, err))
	}

	switch {
	case args.ClusterName == nil:
		add("clusterName", errors.New("required"))
	case *args.ClusterName == "":
		add("clusterName", errors.New("must be at least 1 character long"))
	}

	if args.MachineType == nil {
		add("machineType", errors.New("required"))
	} else if *args.MachineType != "controlplane" && *args.MachineType != "worker" {
		add("machineType", fmt.Errorf("%q is neither controlplane nor worker", *args.MachineType))
	}

	if args.TalosVersion != nil {
		// tfp:pkg/talos/util.go talosVersionValid → validateVersionContract
		if _, err := config.ParseContractFromVersion(*args.TalosVersion); err != nil {
			add("talosVersion", err)
		}
	}

	if args.ClusterEndpoint == nil {
		add("clusterEndpoint", errors.New("required"))
	} else if err := validateClusterEndpoint(*args.ClusterEndpoint); err != nil {
		add("clusterEndpoint", err)
	}

	if _, err := configpatcher.LoadPatches(args.ConfigPatches); err != nil {
		add(failingPatch(args.ConfigPatches), err)
	}

	return problems
}

// validateClusterEndpoint: the rules of tfp:pkg/talos/util.go validateClusterEndpoint: an https
// URL that github.com/siderolabs/net accepts as an endpoint. A bare host:port counts as a URL
// without a scheme.
func validateClusterEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil && strings.Contains(endpoint, "/") {
		return fmt.Errorf("failed to parse the cluster endpoint URL: %w", err)
	}

	if err != nil || u.Scheme != "https" {
		return fmt.Errorf("%q: the control plane endpoint URL needs the scheme https://", endpoint)
	}

	if err := sideronet.ValidateEndpointURI(endpoint); err != nil {
		return fmt.Errorf("error validating the cluster endpoint URL: %w", err)
	}

	return nil
}

// failingPatch names the first patch that does not load on its own, so an error says which
// element of configPatches it is about (LoadPatches itself only returns the loader's error).
func failingPatch(patches []string) string {
	for i, p := range patches {
		if _, err := configpatcher.LoadPatches([]string{p}); err != nil {
			return fmt.Sprintf("configPatches[%d]", i)
		}
	}

	return "configPatches"
}

// read: the defaults of tfp:pkg/talos/talos_machine_configuration_data_source.go Read, then
// tfp:pkg/talos/util.go machineConfigGenerateOptions.generate.
func read(args Args, bundleSecrets *secrets.Bundle) (string, []string) {
	kubernetesVersion := constants.DefaultKubernetesVersion
	if args.KubernetesVersion != nil {
		kubernetesVersion = *args.KubernetesVersion
	}

	talosVersion := semver.MajorMinor(gendata.VersionTag)
	if args.TalosVersion != nil {
		talosVersion = *args.TalosVersion
	}

	machineType := machine.TypeWorker
	if *args.MachineType == "controlplane" {
		machineType = machine.TypeControlPlane
	}

	contract, err := config.ParseContractFromVersion(talosVersion)
	if err != nil {
		return "", []string{fmt.Sprintf("talosVersion: %v", err)}
	}

	genOptions := []generate.Option{
		generate.WithClusterDiscovery(true),
		generate.WithDNSDomain(constants.DefaultDNSDomain),
		generate.WithInstallDisk("/dev/sda"),
		// tfp:pkg/talos/util.go GenerateInstallerImage: the machinery's own release installer
		generate.WithInstallImage(fmt.Sprintf("%s/%s/installer:%s", gendata.ImagesRegistry, gendata.ImagesUsername, gendata.VersionTag)),
		generate.WithSecretsBundle(bundleSecrets),
		generate.WithVersionContract(contract),
	}

	patches, err := configpatcher.LoadPatches(args.ConfigPatches)
	if err != nil {
		return "", []string{fmt.Sprintf("%s: error parsing config patch: %v", failingPatch(args.ConfigPatches), err)}
	}

	patchOption := bundle.WithPatchWorker(patches)
	if machineType == machine.TypeControlPlane {
		patchOption = bundle.WithPatchControlPlane(patches)
	}

	configBundle, err := bundle.NewBundle(
		bundle.WithInputOptions(&bundle.InputOptions{
			ClusterName: *args.ClusterName,
			Endpoint:    *args.ClusterEndpoint,
			KubeVersion: strings.TrimPrefix(kubernetesVersion, "v"),
			GenOptions:  genOptions,
		}),
		bundle.WithVerbose(false),
		patchOption,
	)
	if err != nil {
		// The machinery's message says which step failed ("error patching control plane configs: …").
		return "", []string{fmt.Sprintf("failed to generate machine configuration: %v", err)}
	}

	comments := encoder.CommentsDisabled
	if args.Docs != nil && *args.Docs {
		comments |= encoder.CommentsDocs
	}

	if args.Examples != nil && *args.Examples {
		comments |= encoder.CommentsExamples
	}

	text, err := configBundle.Serialize(comments, machineType)
	if err != nil {
		return "", []string{fmt.Sprintf("failed to generate machine configuration: %v", err)}
	}

	return string(text), nil
}

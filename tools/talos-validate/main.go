// talos-validate checks rendered Talos machine configs with the machinery the nodes run
// (github.com/siderolabs/talos/pkg/machinery at the version go.mod pins), decoded and validated as
// `talosctl validate --mode cloud` does: configloader, then Validate in the runtime mode of a
// nocloud VM with the local option (checks that only work on the node itself are left out).
// see https://github.com/siderolabs/talos/blob/v1.12.3/cmd/talosctl/cmd/mgmt/validate.go
//
// Input on stdin: a JSON object of node name → machine config YAML.
// Output on stdout: a JSON object of node name → {"errors": [...], "warnings": [...]}.
// Exit status 1 when any node has an error, 2 when the input cannot be read.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
)

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "talos-validate: reading stdin: %v\n", err)
		os.Exit(2)
	}

	var configs map[string]string
	if err := json.Unmarshal(input, &configs); err != nil {
		fmt.Fprintf(os.Stderr, "talos-validate: stdin is not a JSON object of node name to config text: %v\n", err)
		os.Exit(2)
	}

	results := validateAll(configs)

	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")

	if err := out.Encode(results); err != nil {
		fmt.Fprintf(os.Stderr, "talos-validate: writing stdout: %v\n", err)
		os.Exit(2)
	}

	for _, node := range slices.Sorted(maps.Keys(results)) {
		for _, problem := range results[node].Errors {
			fmt.Fprintf(os.Stderr, "%s: %s\n", node, problem)
		}
	}

	if anyErrors(results) {
		os.Exit(1)
	}
}

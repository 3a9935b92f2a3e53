// talos-generate writes machine configs as the Talos plugin's getConfiguration does, with the
// Talos machinery the plugin is built with (github.com/siderolabs/talos/pkg/machinery at the
// version go.mod pins; it must equal the plugin's, see docs/providers.md). It stands in for the
// plugin until the plugin itself can be built; generate.go cites the provider code it follows.
//
// Input on stdin: {"secrets": {"talosVersion": …}, "nodes": {<node>: <getConfiguration args>}},
// the args by their Pulumi names and without machineSecrets: one secrets bundle is generated for
// the run, as the plugin's Secrets resource would create it for that talosVersion.
// Output on stdout: a JSON object of node name → {"config": <YAML or "">, "errors": [...]}.
// Exit status 1 when any node has an error, 2 when the input cannot be read.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
)

// Input is what stdin carries.
type Input struct {
	Secrets struct {
		TalosVersion string `json:"talosVersion"`
	} `json:"secrets"`
	Nodes map[string]json.RawMessage `json:"nodes"`
}

// Result is what the generator says of one node.
type Result struct {
	Config string   `json:"config"`
	Errors []string `json:"errors"`
}

func main() {
	results, err := run(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "talos-generate: %v\n", err)
		os.Exit(2)
	}

	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")

	if err := out.Encode(results); err != nil {
		fmt.Fprintf(os.Stderr, "talos-generate: writing stdout: %v\n", err)
		os.Exit(2)
	}

	failed := false

	for _, node := range slices.Sorted(maps.Keys(results)) {
		for _, problem := range results[node].Errors {
			fmt.Fprintf(os.Stderr, "%s: %s\n", node, problem)

			failed = true
		}
	}

	if failed {
		os.Exit(1)
	}
}

func run(stdin io.Reader) (map[string]Result, error) {
	var input Input

	decoder := json.NewDecoder(stdin)
	decoder.DisallowUnknownFields()

	if err := decoder.Decode(&input); err != nil {
		return nil, fmt.Errorf("stdin is not {\"secrets\": …, \"nodes\": …}: %w", err)
	}

	bundle, err := NewSecrets(input.Secrets.TalosVersion)
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}

	results := make(map[string]Result, len(input.Nodes))

	for node, raw := range input.Nodes {
		var args Args

		// Strict: an argument the data source does not have (machineSecrets included) is an error.
		strict := json.NewDecoder(bytes.NewReader(raw))
		strict.DisallowUnknownFields()

		if err := strict.Decode(&args); err != nil {
			results[node] = Result{Errors: []string{fmt.Sprintf("arguments: %v", err)}}

			continue
		}

		text, problems := Generate(args, bundle)

		result := Result{Config: text, Errors: []string{}}
		for _, p := range problems {
			// The decoder ends its list of unknown keys with a newline.
			result.Errors = append(result.Errors, strings.TrimSpace(p))
		}

		results[node] = result
	}

	return results, nil
}

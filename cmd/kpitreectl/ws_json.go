package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/kpitree/kpitree/app/workspace"
)

// runExportJSON writes a workspace as human-diffable JSON.
func runExportJSON(_ context.Context, s streams, args []string) error {
	fs := newFlags("export-json")
	out := fs.String("out", "", "JSON file to write, or - for standard output (required)")
	readOnly := fs.Bool("read-only", false, "open the workspace read-only")
	file, err := parseFile(fs, args, required("--out is required", out))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := withWorkspace(file, *readOnly, func(w *workspace.Workspace) error { return w.ExportJSON(&buf) }); err != nil {
		return err
	}
	if *out == "-" {
		_, err := s.out.Write(buf.Bytes())
		return err
	}
	if err := writeOutput(file, *out, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "wrote %s\n", *out)
	return nil
}

// runImportJSON validates a workspace JSON file and creates a new workspace
// file from it; nothing is written when validation fails.
func runImportJSON(_ context.Context, s streams, args []string) error {
	fs := newFlags("import-json")
	out := fs.String("out", "", "workspace FILE to create (required)")
	pos, err := parseExactly(fs, args, 1, "one JSON file", required("--out is required", out))
	if err != nil {
		return err
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("read %s: %w", pos[0], err)
	}
	w, err := workspace.CreateFromJSON(*out, data, workspace.CreateParams{AppVersion: appVersionTag()})
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "created %s from %s\n", *out, pos[0])
	return w.Close()
}

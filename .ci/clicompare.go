//go:build ignore

// clicompare DIR_A DIR_B compares two runs of .ci/cli-round (Linux and
// Windows under Wine) file by file and byte for byte, after blanking what
// may differ between two runs on one machine: timestamps (ISO 8601, PDF
// dates, XLSX document properties) and, in what a command printed, the
// path separator. Workspace files (.kpitree, bbolt pages with timestamps
// and page layout) are compared through their export-json output instead.
// It prints every difference and exits 1 when there is one.
//
// Run with: go run .ci/clicompare.go DIR_A DIR_B
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

var (
	isoTime   = regexp.MustCompile(`\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?`)
	pdfDate   = regexp.MustCompile(`\(D:\d{14}[^)]*\)`)
	pdfID     = regexp.MustCompile(`/ID \[<[0-9a-fA-F]+> ?<[0-9a-fA-F]+>\]`)
	wineNoise = regexp.MustCompile(`(?m)^(wine: |wine client error|it looks like wine32|multiarch needs|execute "dpkg|apt-get install wine32).*\n?`)
	textExts  = map[string]bool{".out": true, ".err": true, ".rc": true, ".cmd": true, ".txt": true, ".json": true, ".csv": true, ".svg": true}
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run .ci/clicompare.go DIR_A DIR_B")
		os.Exit(2)
	}
	a, b := os.Args[1], os.Args[2]
	fa, fb := files(a), files(b)
	var diffs []string
	compared, skipped := 0, 0
	for name := range union(fa, fb) {
		switch {
		case !fa[name]:
			diffs = append(diffs, "only in "+b+": "+name)
			continue
		case !fb[name]:
			diffs = append(diffs, "only in "+a+": "+name)
			continue
		case strings.HasSuffix(name, ".kpitree"):
			skipped++
			continue
		}
		da, db := normalize(filepath.Join(a, name)), normalize(filepath.Join(b, name))
		compared++
		if !bytes.Equal(da, db) {
			diffs = append(diffs, fmt.Sprintf("differs: %s (%d vs %d bytes)%s", name, len(da), len(db), firstDiff(da, db)))
		}
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		fmt.Println(d)
	}
	fmt.Printf("clicompare: %d files compared, %d workspace files compared through export-json, %d differences\n", compared, skipped, len(diffs))
	if len(diffs) > 0 {
		os.Exit(1)
	}
}

func files(root string) map[string]bool {
	out := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "clicompare:", err)
		os.Exit(2)
	}
	return out
}

func union(a, b map[string]bool) map[string]bool {
	u := map[string]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

func normalize(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		return []byte("unreadable: " + err.Error())
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case ext == ".pdf":
		data = pdfDate.ReplaceAll(data, []byte("(D:<time>)"))
		data = pdfID.ReplaceAll(data, []byte("/ID [<id>]"))
	case ext == ".xlsx":
		data = xlsx(data)
	case textExts[ext]:
		data = isoTime.ReplaceAll(data, []byte("<time>"))
		if ext == ".err" {
			// Wine's own complaints (a wineserver hiccup) are not the program's.
			data = wineNoise.ReplaceAll(data, nil)
		}
		if ext == ".out" || ext == ".err" || ext == ".txt" {
			// Paths a command prints use the OS's separator.
			data = bytes.ReplaceAll(data, []byte(`\`), []byte("/"))
		}
	}
	return data
}

// xlsx lists every part of the workbook with its content, document
// properties' dates blanked.
func xlsx(data []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return []byte("not a zip: " + err.Error())
	}
	var out bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			fmt.Fprintf(&out, "%s: %v\n", f.Name, err)
			continue
		}
		b, _ := io.ReadAll(rc)
		_ = rc.Close()
		fmt.Fprintf(&out, "== %s\n%s\n", f.Name, isoTime.ReplaceAll(b, []byte("<time>")))
	}
	return out.Bytes()
}

func firstDiff(a, b []byte) string {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	lo := max(0, i-40)
	return fmt.Sprintf(" at byte %d:\n    %q\n    %q", i, a[lo:min(len(a), i+40)], b[lo:min(len(b), i+40)])
}

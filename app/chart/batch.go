package chart

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Job is one figure of a batch export.
type Job struct {
	// Node is the node's ID, used in the file name; may be empty (tree,
	// small multiples).
	Node string
	// Scenario names the scenario, used in the file name; empty for base.
	Scenario string
	// Figure is what to draw.
	Figure Figure
}

// maxNamePart bounds each part of a file name so the whole stays well
// under the 255-byte limit of common file systems.
const maxNamePart = 60

// FileName returns the stable file name of job: kind, node and scenario
// joined by "_" with the extension, e.g. "fan_active-rate_plus5pt.png".
// Each part keeps letters (any script) and digits, writes a sign a reader
// needs as a word ("+5pt" → "plus5pt", "−3%" → "minus3pct", so "+5pt" and
// "−5pt" scenarios never share a name), and turns every other run of
// characters into one "-". Batch adds "-2", "-3" … when two jobs map to the
// same name.
func FileName(job Job, format Format) string { return fileName(job, format.Ext()) }

func fileName(job Job, ext string) string {
	kind := "figure"
	if job.Figure != nil {
		kind = job.Figure.Kind()
	}
	parts := []string{kind}
	for _, p := range []string{job.Node, job.Scenario} {
		if s := sanitize(p); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "_") + ext
}

// signWord is the word a sign character becomes in a file name: "+" is
// "plus" and "%" is "pct"; a minus ("-", "−", "－") is "minus" only where
// it is a sign (a digit follows and no letter or digit precedes it), not
// a hyphen as in "2025-04". "" means the character is not kept.
func signWord(r rune, alnumBefore, digitNext bool) string {
	switch r {
	case '+', '＋':
		return "plus"
	case '%', '％':
		return "pct"
	case '-', '−', '－':
		if digitNext && !alnumBefore {
			return "minus"
		}
	}
	return ""
}

// sanitize keeps letters (any script) and digits, writes signs as words
// (signWord), and collapses every other run to one '-', never leading or
// trailing, so names cannot start with '.' or '-' or contain a path
// separator.
func sanitize(s string) string {
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	var b strings.Builder
	dash := false
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case alnum(r):
			if dash {
				b.WriteByte('-')
				dash = false
			}
			b.WriteRune(r)
		default:
			word := signWord(r, i > 0 && alnum(rs[i-1]), i+1 < len(rs) && unicode.IsDigit(rs[i+1]))
			switch {
			case word == "":
				dash = b.Len() > 0
				continue
			case word == "pct": // "5pct": the unit belongs to its number
				if dash {
					b.WriteByte('-')
				}
			case b.Len() > 0:
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(word)
		}
		if b.Len() >= maxNamePart {
			break
		}
	}
	out := b.String()
	for len(out) > maxNamePart || !utf8.ValidString(out) {
		_, size := utf8.DecodeLastRuneInString(out)
		out = out[:len(out)-size]
	}
	return out
}

// UniqueNames assigns each job a file name with extension ext (".png",
// ".json"), numbering collisions in job order, as Batch names its files.
// Names are compared case-insensitively because macOS and Windows file
// systems are.
func UniqueNames(jobs []Job, ext string) []string {
	names := make([]string, len(jobs))
	used := make(map[string]bool, len(jobs))
	for i, j := range jobs {
		name := fileName(j, ext)
		base := strings.TrimSuffix(name, ext)
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = base + "-" + strconv.Itoa(n) + ext
		}
		used[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// Existing lists the files of dir that writing jobs there with extension
// ext would replace, so the app can ask and the CLI can refuse first.
func Existing(jobs []Job, dir, ext string) []string {
	var out []string
	for _, n := range UniqueNames(jobs, ext) {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// Batch writes every job into dir (created if missing) as format at size,
// using all cores. File names come from FileName and are stable across
// runs. progress, if not nil, is called after each file from the calling
// goroutine with done counting up to total. Each file is written to a
// temporary name first and renamed, so a cancelled or failed export never
// leaves a half-written chart.
//
// It returns the paths written, in job order. When ctx is cancelled it
// stops starting new files and returns what was written with ctx's error;
// a job that fails does not stop the others, and all failures are returned
// joined.
func Batch(ctx context.Context, jobs []Job, dir string, format Format, size Size, progress func(done, total int)) ([]string, error) {
	if _, err := ParseFormat(format.String()); err != nil {
		return nil, fmt.Errorf("batch export: %w", err)
	}
	if err := size.Validate(); err != nil {
		return nil, fmt.Errorf("batch export: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("batch export: create folder: %w", err)
	}
	if err := registerFont(); err != nil {
		return nil, err
	}
	names := UniqueNames(jobs, format.Ext())
	type result struct {
		i   int
		err error
	}
	work := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(jobs), 1)) {
		wg.Go(func() {
			for i := range work {
				results <- result{i: i, err: writeFile(filepath.Join(dir, names[i]), jobs[i].Figure, format, size)}
			}
		})
	}
	go func() {
		defer close(work)
		for i := range jobs {
			if ctx.Err() != nil {
				return
			}
			select {
			case work <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	ok := make([]bool, len(jobs))
	var errs []error
	done := 0
	for r := range results {
		done++
		if r.err != nil {
			errs = append(errs, fmt.Errorf("export %s: %w", names[r.i], r.err))
		} else {
			ok[r.i] = true
		}
		if progress != nil {
			progress(done, len(jobs))
		}
	}
	paths := make([]string, 0, len(jobs))
	for i, written := range ok {
		if written {
			paths = append(paths, filepath.Join(dir, names[i]))
		}
	}
	if err := ctx.Err(); err != nil && done < len(jobs) {
		errs = append(errs, fmt.Errorf("batch export cancelled after %d of %d files: %w", len(paths), len(jobs), err))
	}
	return paths, errors.Join(errs...)
}

// writeFile renders fig to path through a temporary file in the same
// folder, so the rename is atomic.
func writeFile(path string, fig Figure, format Format, size Size) (err error) {
	if fig == nil {
		return fmt.Errorf("no figure: %w", ErrNoData)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".chart-*.tmp")
	if err != nil {
		return fmt.Errorf("create file: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := Write(tmp, fig, format, size); err != nil {
		return err
	}
	// CreateTemp makes the file private; exports are ordinary documents.
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("set file mode: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename file: %w", err)
	}
	return nil
}

// BatchAll is Batch that writes all or nothing: the charts are drawn into a
// hidden temporary folder inside dir, and only when every one succeeded
// are they moved into dir. When one fails, dir is left as it was and the
// error names every chart that failed. (Should a move fail half-way, which
// takes a disk error, the error lists the files already moved.)
func BatchAll(ctx context.Context, jobs []Job, dir string, format Format, size Size, progress func(done, total int)) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("batch export: create folder: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".kpitree-export-*")
	if err != nil {
		return nil, fmt.Errorf("batch export: create temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	files, err := Batch(ctx, jobs, tmp, format, size, progress)
	if err != nil {
		return nil, fmt.Errorf("nothing written to %s: %w", dir, err)
	}
	out := make([]string, 0, len(files))
	for _, f := range files {
		dst := filepath.Join(dir, filepath.Base(f))
		if err := os.Rename(f, dst); err != nil {
			return out, fmt.Errorf("batch export: move %s into %s after %d of %d files: %w", filepath.Base(f), dir, len(out), len(files), err)
		}
		out = append(out, dst)
	}
	return out, nil
}

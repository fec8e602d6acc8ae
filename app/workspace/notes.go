package workspace

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kpitree/kpitree/app/store"
	"github.com/kpitree/kpitree/kpitree"
)

// Notes and initiatives annotate the tree for monthly monitoring: a note
// says what happened on a node in one period ("price change announced"),
// an initiative says what the team does about a node, at what cost, and
// what it expects (a scenario). Both are stored one document each
// (store.BucketNotes by id, store.BucketInitiatives by name), recorded in
// the undo history like every edit, and kept in the JSON interchange.
// They never change a number: adding one keeps the compiled tree and the
// cached evaluations.

// Note and initiative errors callers act on.
var (
	// ErrUnknownNote: no note with that id.
	ErrUnknownNote = errors.New("no such note; list the notes and pick one by its id")
	// ErrUnknownInitiative: no initiative of that name.
	ErrUnknownInitiative = errors.New("no such initiative; list the initiatives and pick one")
	// ErrInitiativeExists: an initiative of that name already exists.
	ErrInitiativeExists = errors.New("an initiative with that name already exists; choose another name")
	// ErrBadNote: a note or initiative field is invalid (the message says which).
	ErrBadNote = errors.New("invalid note or initiative")
)

// Limits on what a note or initiative holds, so a pasted file cannot bloat
// the workspace or the review pack.
const (
	maxNoteText  = 4000 // runes
	maxShortText = 200  // runes: author, owner, initiative name
)

// Note is a remark on a node in one period.
type Note struct {
	// ID identifies the note ("1", "2", …); AddNote assigns it.
	ID   string `json:"id"`
	Node string `json:"node"`
	// Period is the period's label in the tree's calendar ("2026-04").
	Period string `json:"period"`
	Text   string `json:"text"`
	// Author is who wrote it; or "".
	Author string `json:"author,omitempty"`
	// Created is when it was added (UTC, whole seconds).
	Created time.Time `json:"created"`
}

// InitiativeStatus is where an initiative stands.
type InitiativeStatus string

// The initiative statuses.
const (
	StatusPlanned InitiativeStatus = "planned"
	StatusActive  InitiativeStatus = "active"
	StatusDone    InitiativeStatus = "done"
	StatusDropped InitiativeStatus = "dropped"
)

// InitiativeStatuses lists the statuses in their natural order.
func InitiativeStatuses() []InitiativeStatus {
	return []InitiativeStatus{StatusPlanned, StatusActive, StatusDone, StatusDropped}
}

// Initiative is an action the team takes on a node, what it costs and
// what it is expected to change.
type Initiative struct {
	// Name identifies the initiative.
	Name string `json:"name"`
	Node string `json:"node"`
	// Owner is who is responsible; or "".
	Owner string `json:"owner,omitempty"`
	// Cost is its cost in the workspace's currency; 0 when not given.
	Cost float64 `json:"cost,omitempty"`
	// Hours is the effort in person-hours; 0 when not given.
	Hours  float64          `json:"hours,omitempty"`
	Status InitiativeStatus `json:"status"`
	// Scenario names the scenario that holds its expected effect; or "".
	Scenario string `json:"scenario,omitempty"`
	// Start is the label of the period it takes effect ("2026-04").
	Start string `json:"start"`
	// Description says what it is; or "".
	Description string `json:"description,omitempty"`
	// Created is when it was added (UTC, whole seconds).
	Created time.Time `json:"created"`
}

var (
	reDay     = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	reYearQ   = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)
	reYear4   = regexp.MustCompile(`^(\d{4})$`)
	reMonthYM = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)
)

// PeriodIndex reads a period label of cal ("2026-04", "2026-Q2",
// "2026-04-06", "2026") as a period index. The period may lie before the
// data or in the forecast: notes and initiatives may be about either.
func PeriodIndex(cal kpitree.Calendar, s string) (int, error) {
	if y, m, ok := monthLabel(s); ok {
		// The stored labels' form: listing 1,000 notes sorts them by
		// period, and the regular expressions below cost 2 µs a label.
		return cal.PeriodOf(time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)), nil
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	bad := func() (int, error) {
		return 0, fmt.Errorf("period %q: write a period as the tree labels it (2026-04, 2026-Q2, 2026-04-06 or 2026): %w", s, ErrBadNote)
	}
	var y, m, d int
	switch {
	case reDay.MatchString(s):
		p := reDay.FindStringSubmatch(s)
		y, m, d = atoi(p[1]), atoi(p[2]), atoi(p[3])
	case reMonthYM.MatchString(s):
		p := reMonthYM.FindStringSubmatch(s)
		y, m, d = atoi(p[1]), atoi(p[2]), 1
	case reYearQ.MatchString(s):
		p := reYearQ.FindStringSubmatch(s)
		y, m, d = atoi(p[1]), 3*(atoi(p[2])-1)+1, 1
	case reYear4.MatchString(s):
		y, m, d = atoi(s), 1, 1
	default:
		return bad()
	}
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return bad()
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return bad() // 2026-02-30
	}
	i := cal.PeriodOf(t)
	if i < -maxPeriods || i > maxPeriods {
		return bad()
	}
	// A calendar whose periods do not start on the 1st of January (a
	// year starting in April) labels a period by the year it starts in:
	// "2042" is the period starting 2042-04, not the one holding 1 Jan.
	for _, j := range []int{i, i + 1} {
		if cal.Label(j) == s {
			return j, nil
		}
	}
	return i, nil
}

// monthLabel reads "2026-04" exactly (a valid month of a plausible year).
func monthLabel(s string) (y, m int, ok bool) {
	if len(s) != 7 || s[4] != '-' {
		return 0, 0, false
	}
	for i, c := range []byte(s) {
		if i != 4 && (c < '0' || c > '9') {
			return 0, 0, false
		}
	}
	y, m = atoi(s[:4]), atoi(s[5:])
	return y, m, y >= 1900 && y <= 2200 && m >= 1 && m <= 12
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// canonicalPeriod returns the calendar's own label of period s.
func canonicalPeriod(cal kpitree.Calendar, s string) (string, error) {
	i, err := PeriodIndex(cal, s)
	if err != nil {
		return "", err
	}
	return cal.Label(i), nil
}

func checkText(field, s string, limit int, required bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return fmt.Errorf("%s is empty; write something: %w", field, ErrBadNote)
	case !utf8.ValidString(s):
		return fmt.Errorf("%s is not valid UTF-8 text: %w", field, ErrBadNote)
	case utf8.RuneCountInString(s) > limit:
		return fmt.Errorf("%s has %d characters; keep it to %d: %w", field, utf8.RuneCountInString(s), limit, ErrBadNote)
	}
	return nil
}

// checkNote validates and normalises a note against the state.
func (s *state) checkNote(n *Note) error {
	n.Text = strings.TrimSpace(n.Text)
	n.Author = strings.TrimSpace(n.Author)
	if _, ok := s.node(n.Node); !ok {
		return fmt.Errorf("node %s: %w", kpitree.Quote(n.Node), kpitree.ErrUnknownNode)
	}
	p, err := canonicalPeriod(s.calendar(), n.Period)
	if err != nil {
		return err
	}
	n.Period = p
	if err := checkText("the text", n.Text, maxNoteText, true); err != nil {
		return err
	}
	return checkText("the author", n.Author, maxShortText, false)
}

// checkInitiative validates and normalises an initiative against the state.
func (s *state) checkInitiative(in *Initiative) error {
	in.Name = strings.TrimSpace(in.Name)
	in.Owner = strings.TrimSpace(in.Owner)
	in.Scenario = strings.TrimSpace(in.Scenario)
	if err := checkText("the name", in.Name, maxShortText, true); err != nil {
		return err
	}
	if _, ok := s.node(in.Node); !ok {
		return fmt.Errorf("initiative %s: node %s: %w", kpitree.Quote(in.Name), kpitree.Quote(in.Node), kpitree.ErrUnknownNode)
	}
	if err := checkText("the owner", in.Owner, maxShortText, false); err != nil {
		return err
	}
	if err := checkText("the description", in.Description, maxNoteText, false); err != nil {
		return err
	}
	for _, v := range []struct {
		what string
		x    float64
	}{{"cost", in.Cost}, {"hours", in.Hours}} {
		if !finite(v.x) || v.x < 0 {
			return fmt.Errorf("initiative %s: the %s must be a number of 0 or more: %w", kpitree.Quote(in.Name), v.what, ErrBadNote)
		}
	}
	if in.Status == "" {
		in.Status = StatusPlanned
	}
	if !slices.Contains(InitiativeStatuses(), in.Status) {
		return fmt.Errorf("initiative %s: status %s: use planned, active, done or dropped: %w", kpitree.Quote(in.Name), kpitree.Quote(string(in.Status)), ErrBadNote)
	}
	if in.Scenario != "" {
		if _, ok := s.scenarios[in.Scenario]; !ok {
			return fmt.Errorf("initiative %s: scenario %s: %w", kpitree.Quote(in.Name), kpitree.Quote(in.Scenario), ErrUnknownScenario)
		}
	}
	p, err := canonicalPeriod(s.calendar(), in.Start)
	if err != nil {
		return fmt.Errorf("initiative %s: start: %w", kpitree.Quote(in.Name), err)
	}
	in.Start = p
	return nil
}

// nextNoteID is one more than the largest numeric note id.
func (s *state) nextNoteID() string {
	next := 1
	for id := range s.notes {
		if n, err := strconv.Atoi(id); err == nil && n >= next {
			next = n + 1
		}
	}
	return strconv.Itoa(next)
}

func now() time.Time { return time.Now().UTC().Truncate(time.Second) }

// AddNote adds a note and returns it with its id and creation time (kept
// when n.Created is set, as an import does).
func (w *Workspace) AddNote(n Note) (Note, error) {
	var out Note
	err := w.change(act(LabelAddNote, n.Node), func(s *state) ([]docChange, error) {
		if err := s.checkNote(&n); err != nil {
			return nil, fmt.Errorf("add note: %w", err)
		}
		n.ID = s.nextNoteID()
		if n.Created.IsZero() {
			n.Created = now()
		}
		b, err := marshal(n)
		out = n
		return []docChange{{Bucket: store.BucketNotes, Key: n.ID, After: b}}, err
	})
	return out, err
}

// UpdateNote replaces the node, period, text and author of note n.ID; its
// creation time stays.
func (w *Workspace) UpdateNote(n Note) error {
	return w.change(act(LabelEditNote, n.Node), func(s *state) ([]docChange, error) {
		old, ok := s.notes[n.ID]
		if !ok {
			return nil, fmt.Errorf("edit note %s: %w", kpitree.Quote(n.ID), ErrUnknownNote)
		}
		if err := s.checkNote(&n); err != nil {
			return nil, fmt.Errorf("edit note %s: %w", n.ID, err)
		}
		n.Created = old.Created
		b, err := marshal(n)
		return []docChange{{Bucket: store.BucketNotes, Key: n.ID, After: b}}, err
	})
}

// DeleteNote removes note id.
func (w *Workspace) DeleteNote(id string) error {
	node := id
	if s, err := w.snapshot(); err == nil && s.notes[id].Node != "" {
		node = s.notes[id].Node // the history names the node, as AddNote did
	}
	return deleteDoc(w, act(LabelDeleteNote, node), store.BucketNotes, id, "note",
		func(s *state) map[string]Note { return s.notes }, ErrUnknownNote)
}

// Notes returns the notes on node (every note for ""), by period, then
// by id.
func (w *Workspace) Notes(node string) ([]Note, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	return s.sortedNotes(node), nil
}

func (s *state) sortedNotes(node string) []Note {
	where := func(n Note) (string, string) { return n.Node, n.Period }
	return onNodeByPeriod(s.calendar(), s.notes, node, where, func(a, b Note) int {
		// Ids are numbers: note 10 comes after note 9.
		ai, _ := strconv.Atoi(a.ID)
		bi, _ := strconv.Atoi(b.ID)
		if c := cmp.Compare(ai, bi); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// onNodeByPeriod returns the documents on node (every one for ""), sorted
// by the period their label names in cal (a stored label cal cannot read
// goes last), then by tie. where gives a document's node and period label.
func onNodeByPeriod[T any](cal kpitree.Calendar, docs map[string]T, node string, where func(T) (string, string), tie func(a, b T) int) []T {
	type keyed struct {
		v  T
		at int
	}
	ks := make([]keyed, 0, len(docs))
	for _, v := range docs {
		on, label := where(v)
		if node != "" && on != node {
			continue
		}
		at, err := PeriodIndex(cal, label)
		if err != nil {
			at = math.MaxInt
		}
		ks = append(ks, keyed{v, at})
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		// cmp.Compare, not a subtraction: an unreadable label sorts as
		// MaxInt, which minus a negative index would overflow.
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return tie(a.v, b.v)
	})
	out := make([]T, len(ks))
	for i, k := range ks {
		out[i] = k.v
	}
	return out
}

// AddInitiative adds an initiative; it fails with ErrInitiativeExists when
// the name is taken.
func (w *Workspace) AddInitiative(in Initiative) error {
	in.Name = strings.TrimSpace(in.Name)
	return w.change(act(LabelAddInitiative, in.Name), func(s *state) ([]docChange, error) {
		if _, ok := s.initiatives[in.Name]; ok {
			return nil, fmt.Errorf("add initiative %s: %w", kpitree.Quote(in.Name), ErrInitiativeExists)
		}
		if err := s.checkInitiative(&in); err != nil {
			return nil, fmt.Errorf("add initiative: %w", err)
		}
		if in.Created.IsZero() {
			in.Created = now()
		}
		b, err := marshal(in)
		return []docChange{{Bucket: store.BucketInitiatives, Key: in.Name, After: b}}, err
	})
}

// UpdateInitiative replaces every field of initiative in.Name but its
// creation time.
func (w *Workspace) UpdateInitiative(in Initiative) error {
	in.Name = strings.TrimSpace(in.Name)
	return w.change(act(LabelEditInitiative, in.Name), func(s *state) ([]docChange, error) {
		old, ok := s.initiatives[in.Name]
		if !ok {
			return nil, fmt.Errorf("edit initiative %s: %w", kpitree.Quote(in.Name), ErrUnknownInitiative)
		}
		if err := s.checkInitiative(&in); err != nil {
			return nil, fmt.Errorf("edit initiative: %w", err)
		}
		in.Created = old.Created
		b, err := marshal(in)
		return []docChange{{Bucket: store.BucketInitiatives, Key: in.Name, After: b}}, err
	})
}

// DeleteInitiative removes an initiative.
func (w *Workspace) DeleteInitiative(name string) error {
	return deleteDoc(w, act(LabelDeleteInitiative, name), store.BucketInitiatives, name, "initiative",
		func(s *state) map[string]Initiative { return s.initiatives }, ErrUnknownInitiative)
}

// Note returns note id.
func (w *Workspace) Note(id string) (Note, error) {
	return namedDoc(w, id, "note", func(s *state) map[string]Note { return s.notes }, ErrUnknownNote)
}

// Initiative returns the named initiative.
func (w *Workspace) Initiative(name string) (Initiative, error) {
	return namedDoc(w, name, "initiative", func(s *state) map[string]Initiative { return s.initiatives }, ErrUnknownInitiative)
}

// Initiatives returns the initiatives on node (every one for ""), by
// start period, then by name.
func (w *Workspace) Initiatives(node string) ([]Initiative, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, fmt.Errorf("initiatives: %w", err)
	}
	return s.sortedInitiatives(node), nil
}

func (s *state) sortedInitiatives(node string) []Initiative {
	where := func(in Initiative) (string, string) { return in.Node, in.Start }
	return onNodeByPeriod(s.calendar(), s.initiatives, node, where, func(a, b Initiative) int {
		return strings.Compare(a.Name, b.Name)
	})
}

// Annotated returns, for every node with notes or initiatives, how many
// of each it has: what the canvas marks a node box with.
func (w *Workspace) Annotated() (map[string]Annotations, error) {
	s, err := w.snapshot()
	if err != nil {
		return nil, err
	}
	out := map[string]Annotations{}
	for _, n := range s.notes {
		a := out[n.Node]
		a.Notes++
		out[n.Node] = a
	}
	for _, in := range s.initiatives {
		a := out[in.Node]
		a.Initiatives++
		out[in.Node] = a
	}
	return out, nil
}

// Annotations counts a node's notes and initiatives.
type Annotations struct {
	Notes, Initiatives int
}

// onlyAnnotations reports whether every change is to a note or an
// initiative, which leave every computed number as it was.
func onlyAnnotations(changes []docChange) bool {
	for _, c := range changes {
		if c.Bucket != store.BucketNotes && c.Bucket != store.BucketInitiatives {
			return false
		}
	}
	return true
}

package sources

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
	"github.com/kpitree/kpitree/kpitree"
)

// Workspace is what the screens need of a workspace.
type Workspace interface {
	Connections() ([]source.Conn, error)
	SaveConnection(c source.Conn) error
	RemoveConnection(name string) error
	PreviewQuery(ctx context.Context, spec source.Spec, opt workspace.QueryOptions) (*workspace.QueryPreview, error)
	CommitPreview(p *workspace.ImportPreview, binds []workspace.Binding) (string, error)
	Tree() kpitree.Tree
}

// Params configure New.
type Params struct {
	// Window hosts the dialogs (required).
	Window fyne.Window
	// Workspace is the open workspace (required).
	Workspace Workspace
	// Test connects and authenticates; nil means workspace.TestConnection.
	Test func(ctx context.Context, c source.Conn, s source.Secrets) error
	// Secrets finds stored passwords; nil means source.SystemSecrets (the
	// OS keyring, then KPITREE_DB_PASSWORD_<NAME>).
	Secrets source.Secrets
	// StorePassword saves a typed password; nil means the OS keyring
	// (source.StorePassword). When it fails the password is kept for the
	// session only.
	StorePassword func(name, password string) error
}

// Manager is the connection manager and the query editor of one window.
type Manager struct {
	win     fyne.Window
	ws      Workspace
	test    func(ctx context.Context, c source.Conn, s source.Secrets) error
	store   func(name, password string) error
	secrets *sessionSecrets
	// jobs runs the connection tests and queries off the UI goroutine;
	// writes stores connections and datasets there, in order.
	jobs   uikit.Jobs
	writes *uikit.Writer

	conns    []source.Conn
	list     *widget.List
	selected int
	status   *widget.Label

	// the add form
	name, host, port, database, user, tls, timeout *widget.Entry
	password                                       *widget.Entry
	kind                                           *widget.Select
}

// sessionSecrets are the typed passwords of this session, in front of the
// stored ones.
type sessionSecrets struct {
	mu    sync.Mutex
	typed map[string]string
	next  source.Secrets
}

func (s *sessionSecrets) Password(ctx context.Context, c source.Conn) (string, bool) {
	s.mu.Lock()
	p, ok := s.typed[c.Name]
	s.mu.Unlock()
	if ok {
		return p, true
	}
	return s.next.Password(ctx, c)
}

func (s *sessionSecrets) set(name, pw string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.typed[name] = pw
}

// New makes a Manager; it fails when a required parameter is missing.
func New(p Params) (*Manager, error) {
	if p.Window == nil || p.Workspace == nil {
		return nil, errors.New("sources: a window and a workspace are required")
	}
	m := &Manager{win: p.Window, ws: p.Workspace, test: p.Test, store: p.StorePassword, selected: -1}
	m.writes = uikit.NewWriter(&m.jobs)
	if m.test == nil {
		m.test = workspace.TestConnection
	}
	if m.store == nil {
		m.store = source.StorePassword
	}
	next := p.Secrets
	if next == nil {
		next = source.SystemSecrets{}
	}
	m.secrets = &sessionSecrets{typed: map[string]string{}, next: next}
	return m, nil
}

// Show opens the connection manager in a dialog over w.
func Show(w fyne.Window, ws Workspace) {
	m, err := New(Params{Window: w, Workspace: ws})
	if err != nil {
		dialog.ShowError(err, w)
		return
	}
	d := dialog.NewCustom(lang.L("sources.title"), lang.L("sources.close"), m.Content(), w)
	d.Resize(fyne.NewSize(1040, 640))
	d.Show()
}

// Wait blocks until the manager's background work (tests, queries, store
// writes) has finished and been shown. Tests use it.
func (m *Manager) Wait() { m.jobs.Wait() } // the writer's runs are m.jobs' jobs too

func kindLabel(k source.Kind) string { return lang.L("sources.kind." + string(k)) }

// Content is the connection manager: the stored connections on the left,
// the form to add one on the right.
func (m *Manager) Content() fyne.CanvasObject {
	m.reload()
	m.list = widget.NewList(func() int { return len(m.conns) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.TextStyle.Bold = true
			where := widget.NewLabel("")
			where.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, where)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(m.conns) {
				return
			}
			c := m.conns[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(c.Name + "  ·  " + kindLabel(c.Kind))
			box.Objects[1].(*widget.Label).SetText(where(c))
		})
	m.list.OnSelected = func(i widget.ListItemID) { m.selected = i }
	m.list.OnUnselected = func(widget.ListItemID) { m.selected = -1 }
	m.status = widget.NewLabel("")
	m.status.Wrapping = fyne.TextWrapWord

	testSel := widget.NewButton(lang.L("sources.test"), func() {
		if c, ok := m.current(); ok {
			m.runTest(c)
		}
	})
	remove := widget.NewButton(lang.L("sources.remove"), m.confirmRemove)
	query := widget.NewButton(lang.L("sources.new_query"), func() {
		c, _ := m.current()
		m.ShowQuery(c.Name)
	})
	query.Importance = widget.HighImportance
	left := container.NewBorder(widget.NewLabelWithStyle(lang.L("sources.stored"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewGridWithColumns(3, testSel, remove, query), nil, nil, m.list)

	form := m.addForm()
	right := container.NewBorder(widget.NewLabelWithStyle(lang.L("sources.add"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, container.NewVScroll(form))
	split := container.NewHSplit(left, right)
	split.Offset = 0.42
	return container.NewBorder(nil, m.status, nil, nil, split)
}

// where describes a connection for the list.
func where(c source.Conn) string {
	if c.Kind == source.SQLite {
		return c.Database
	}
	host := c.Host
	if host == "" {
		host = "localhost"
	}
	if c.Port > 0 {
		host += ":" + strconv.Itoa(c.Port)
	}
	user := ""
	if c.User != "" {
		user = c.User + "@"
	}
	return user + host + " / " + c.Database
}

func (m *Manager) reload() {
	cs, err := m.ws.Connections()
	if err != nil {
		m.setStatus(errorText(err))
	}
	m.conns = cs
	if m.list != nil {
		m.list.UnselectAll()
		m.list.Refresh()
	}
}

func (m *Manager) current() (source.Conn, bool) {
	if m.selected < 0 || m.selected >= len(m.conns) {
		m.setStatus(lang.L("sources.select_first"))
		return source.Conn{}, false
	}
	return m.conns[m.selected], true
}

func (m *Manager) setStatus(s string) {
	if m.status != nil {
		m.status.SetText(s)
	}
}

func (m *Manager) addForm() *widget.Form {
	m.name = widget.NewEntry()
	m.name.SetPlaceHolder("warehouse")
	m.kind = widget.NewSelect([]string{kindLabel(source.Postgres), kindLabel(source.MySQL), kindLabel(source.SQLite)}, nil)
	m.kind.SetSelectedIndex(0)
	m.host = widget.NewEntry()
	m.host.SetPlaceHolder("db.example.com")
	m.port = widget.NewEntry()
	m.port.SetPlaceHolder("5432")
	m.database = widget.NewEntry()
	m.user = widget.NewEntry()
	m.password = widget.NewPasswordEntry()
	m.tls = widget.NewEntry()
	m.tls.SetPlaceHolder("require")
	m.timeout = widget.NewEntry()
	m.timeout.SetPlaceHolder("60")
	f := widget.NewForm(
		widget.NewFormItem(lang.L("sources.field.name"), m.name),
		widget.NewFormItem(lang.L("sources.field.kind"), m.kind),
		widget.NewFormItem(lang.L("sources.field.host"), m.host),
		widget.NewFormItem(lang.L("sources.field.port"), m.port),
		widget.NewFormItem(lang.L("sources.field.database"), m.database),
		widget.NewFormItem(lang.L("sources.field.user"), m.user),
		widget.NewFormItem(lang.L("sources.field.password"), m.password),
		widget.NewFormItem(lang.L("sources.field.tls"), m.tls),
		widget.NewFormItem(lang.L("sources.field.timeout"), m.timeout),
	)
	f.Items[6].HintText = lang.L("sources.password_hint")
	f.SubmitText = lang.L("sources.save")
	f.OnSubmit = m.save
	return f
}

// formConn reads the add form.
func (m *Manager) formConn() (source.Conn, error) {
	c := source.Conn{Name: strings.TrimSpace(m.name.Text), Kind: source.Kinds()[max(m.kind.SelectedIndex(), 0)],
		Host: strings.TrimSpace(m.host.Text), Database: strings.TrimSpace(m.database.Text), User: strings.TrimSpace(m.user.Text),
		TLS: strings.TrimSpace(m.tls.Text)}
	var err error
	if t := strings.TrimSpace(m.port.Text); t != "" {
		if c.Port, err = strconv.Atoi(t); err != nil {
			return c, fmt.Errorf("%s %q: %w", lang.L("sources.field.port"), t, source.ErrBadConn)
		}
	}
	if t := strings.TrimSpace(m.timeout.Text); t != "" {
		if c.TimeoutSec, err = strconv.Atoi(t); err != nil {
			return c, fmt.Errorf("%s %q: %w", lang.L("sources.field.timeout"), t, source.ErrBadConn)
		}
	}
	return c, c.Validate()
}

// save tests the form's connection, then stores it (the password in the
// keyring or for the session, never in the workspace).
func (m *Manager) save() {
	c, err := m.formConn()
	if err != nil {
		m.setStatus(errorText(err))
		return
	}
	if pw := m.password.Text; pw != "" {
		m.secrets.set(c.Name, pw)
	}
	m.testThen(c, func() {
		m.writes.Write("", func(context.Context) error { return m.ws.SaveConnection(c) }, func(err error) {
			if err != nil {
				m.setStatus(errorText(err))
				return
			}
			msg := lang.L("sources.saved", map[string]any{"Name": c.Name})
			if pw := m.password.Text; pw != "" {
				if err := m.store(c.Name, pw); err != nil {
					msg += " " + lang.L("sources.session_password", map[string]any{"Env": source.EnvVar(c.Name)})
				} else {
					msg += " " + lang.L("sources.keyring_password")
				}
			}
			m.password.SetText("")
			m.reload()
			m.setStatus(msg)
		})
	})
}

func (m *Manager) runTest(c source.Conn) {
	m.testThen(c, func() { m.setStatus(lang.L("sources.test_ok", map[string]any{"Name": c.Name})) })
}

// testThen connects to c with progress shown, then runs ok; a failure is
// shown in the status line instead.
func (m *Manager) testThen(c source.Conn, ok func()) {
	m.withProgress(lang.L("sources.testing", map[string]any{"Name": c.Name}), func(ctx context.Context) error {
		return m.test(ctx, c, m.secrets)
	}, func(err error) {
		if err != nil {
			m.setStatus(errorText(err))
			return
		}
		ok()
	})
}

func (m *Manager) confirmRemove() {
	c, ok := m.current()
	if !ok {
		return
	}
	dialog.ShowConfirm(lang.L("sources.remove"), lang.L("sources.remove_confirm", map[string]any{"Name": c.Name}), func(yes bool) {
		if !yes {
			return
		}
		m.writes.Write("", func(context.Context) error { return m.ws.RemoveConnection(c.Name) }, func(err error) {
			if err != nil {
				m.setStatus(errorText(err))
				return
			}
			_ = source.DeletePassword(c.Name)
			m.reload()
			m.setStatus(lang.L("sources.removed", map[string]any{"Name": c.Name}))
		})
	}, m.win)
}

// withProgress runs work off the UI goroutine behind a progress dialog
// whose Cancel cancels work's context, then applies done on the UI
// goroutine.
func (m *Manager) withProgress(title string, work func(ctx context.Context) error, done func(error)) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustom(title, lang.L("sources.cancel"), container.NewVBox(widget.NewLabel(lang.L("sources.running")), bar), m.win)
	d.SetOnClosed(cancel)
	d.Show()
	uikit.RunJob(&m.jobs, ctx, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, work(ctx)
	}, func(_ struct{}, err error) {
		d.Hide()
		cancel()
		if errors.Is(err, context.Canceled) {
			m.setStatus(lang.L("sources.cancelled"))
			return
		}
		done(err)
	})
}

// errorText is an error in the user's language: what happened and what to
// do, then the database's own message (with the line and column of bad SQL).
func errorText(err error) string {
	var qe *source.QueryError
	switch {
	case errors.As(err, &qe):
		if qe.Line > 0 {
			return lang.L("sources.err.query_at", map[string]any{"Line": qe.Line, "Column": qe.Column}) + "\n" + qe.Error()
		}
		return lang.L("sources.err.query") + "\n" + qe.Error()
	case errors.Is(err, source.ErrAuth):
		return lang.L("sources.err.auth") + "\n" + err.Error()
	case errors.Is(err, source.ErrUnreachable):
		return lang.L("sources.err.unreachable") + "\n" + err.Error()
	case errors.Is(err, source.ErrTimeout):
		return lang.L("sources.err.timeout") + "\n" + err.Error()
	case errors.Is(err, source.ErrNoRows):
		return lang.L("sources.err.no_rows") + "\n" + err.Error()
	case errors.Is(err, source.ErrBadConn), errors.Is(err, source.ErrBadSpec):
		return lang.L("sources.err.invalid") + "\n" + err.Error()
	case errors.Is(err, source.ErrConnectionInUse):
		return lang.L("sources.err.in_use")
	}
	return err.Error()
}

package source

import (
	"context"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// Secrets finds the password of a connection. ok is false when it has
// none (the driver may still find one: PostgreSQL reads ~/.pgpass).
type Secrets interface {
	Password(ctx context.Context, c Conn) (password string, ok bool)
}

// KeyringService is the service name passwords are stored under in the OS
// keyring (macOS Keychain, Windows Credential Manager, Secret Service).
const KeyringService = "kpitree"

// EnvVar is the environment variable that holds c's password:
// KPITREE_DB_PASSWORD_ and the name in upper case with '-' as '_'.
func EnvVar(name string) string {
	return "KPITREE_DB_PASSWORD_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// SystemSecrets looks in the OS keyring, then in the environment (EnvVar).
// The keyring is github.com/zalando/go-keyring: cgo-free on Linux (D-Bus
// Secret Service), macOS (the security tool) and Windows (Credential
// Manager). On a Linux without a session bus (a server, a container) it is
// skipped rather than letting D-Bus autolaunch a daemon, and a keyring
// that does not answer within KeyringWait is skipped too.
type SystemSecrets struct {
	// NoKeyring skips the keyring (tests, --no-keyring).
	NoKeyring bool
}

// KeyringWait bounds a keyring lookup: a locked or hung keyring must not
// hang a refresh.
const KeyringWait = 3 * time.Second

// Password implements Secrets.
func (s SystemSecrets) Password(ctx context.Context, c Conn) (string, bool) {
	if !s.NoKeyring && keyringUsable() {
		if p, ok := keyringGet(ctx, c.Name); ok {
			return p, true
		}
	}
	if p, ok := os.LookupEnv(EnvVar(c.Name)); ok {
		return p, true
	}
	return "", false
}

// keyringUsable reports whether asking the keyring can work without side
// effects: on Linux and the BSDs only with a session bus address.
func keyringUsable() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return os.Getenv("DBUS_SESSION_BUS_ADDRESS") != ""
}

func keyringGet(ctx context.Context, name string) (string, bool) {
	type res struct {
		p   string
		err error
	}
	ch := make(chan res, 1)
	go func() {
		p, err := keyring.Get(KeyringService, name)
		ch <- res{p, err}
	}()
	t := time.NewTimer(KeyringWait)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.p, r.err == nil
	case <-t.C:
		return "", false
	case <-ctx.Done():
		return "", false
	}
}

// StorePassword saves c's password in the OS keyring. It fails where there
// is no keyring (a headless Linux); set EnvVar(name) instead there.
func StorePassword(name, password string) error {
	if !keyringUsable() {
		return errNoKeyring
	}
	return keyring.Set(KeyringService, name, password)
}

// DeletePassword removes c's password from the OS keyring; a missing one
// is not an error.
func DeletePassword(name string) error {
	if !keyringUsable() {
		return nil
	}
	if err := keyring.Delete(KeyringService, name); err != nil && err != keyring.ErrNotFound {
		return err
	}
	return nil
}

type keyringError string

func (e keyringError) Error() string { return string(e) }

const errNoKeyring = keyringError("no OS keyring (no D-Bus session bus): set the password in the environment variable instead")

// StaticSecrets maps connection names to passwords (tests, a password
// typed into a dialog for one session).
type StaticSecrets map[string]string

// Password implements Secrets.
func (s StaticSecrets) Password(_ context.Context, c Conn) (string, bool) {
	p, ok := s[c.Name]
	return p, ok
}

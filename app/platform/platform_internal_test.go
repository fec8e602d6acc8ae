package platform

import "testing"

func TestDataDir(t *testing.T) {
	noKnown := func(string) string { return "" }
	tests := []struct {
		name    string
		e       env
		want    string
		wantErr bool
	}{
		{"Linux XDG_DATA_HOME", env{goos: "linux", home: "/home/u", getenv: vars("XDG_DATA_HOME", "/data"), known: noKnown}, "/data/kpitree", false},
		{"Linux default", env{goos: "linux", home: "/home/u", getenv: vars(), known: noKnown}, "/home/u/.local/share/kpitree", false},
		{"Linux relative XDG ignored", env{goos: "linux", home: "/home/u", getenv: vars("XDG_DATA_HOME", "data"), known: noKnown}, "/home/u/.local/share/kpitree", false},
		{"FreeBSD like Linux", env{goos: "freebsd", home: "/home/u", getenv: vars(), known: noKnown}, "/home/u/.local/share/kpitree", false},
		{"Windows known folder", env{goos: "windows", home: `C:\Users\さくら`, getenv: vars("APPDATA", `C:\Other`), known: func(string) string { return `C:\Users\さくら\AppData\Roaming` }}, `C:\Users\さくら\AppData\Roaming\KPI Tree`, false},
		{"Windows APPDATA", env{goos: "windows", home: `C:\Users\u`, getenv: vars("APPDATA", `D:\Roam\`), known: noKnown}, `D:\Roam\KPI Tree`, false},
		{"Windows home only", env{goos: "windows", home: `C:\Users\u`, getenv: vars(), known: noKnown}, `C:\Users\u\AppData\Roaming\KPI Tree`, false},
		{"macOS", env{goos: "darwin", home: "/Users/u", getenv: vars("XDG_DATA_HOME", "/x"), known: noKnown}, "/Users/u/Library/Application Support/KPI Tree", false},
		{"no home", env{goos: "linux", getenv: vars(), known: noKnown}, "", true},
		{"no home on Windows", env{goos: "windows", getenv: vars(), known: noKnown}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.e.dataDir()
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("dataDir() = %q, %v; want %q (error %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestExportsDir(t *testing.T) {
	noKnown := func(string) string { return "" }
	tests := []struct {
		name string
		e    env
		want string
	}{
		{"Linux home", env{goos: "linux", home: "/home/u", getenv: vars(), known: noKnown}, "/home/u/KPI Tree exports"},
		{"Windows Documents", env{goos: "windows", home: `C:\Users\u`, getenv: vars(), known: func(n string) string {
			if n == "documents" {
				return `C:\Users\u\OneDrive\ドキュメント`
			}
			return ""
		}}, `C:\Users\u\OneDrive\ドキュメント\KPI Tree exports`},
		{"Windows fallback", env{goos: "windows", home: `C:\Users\u`, getenv: vars(), known: noKnown}, `C:\Users\u\Documents\KPI Tree exports`},
		{"macOS", env{goos: "darwin", home: "/Users/u", getenv: vars(), known: noKnown}, "/Users/u/Documents/KPI Tree exports"},
		{"no home", env{goos: "linux", getenv: vars(), known: noKnown}, "/tmp/kpitree-exports"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.exportsDir("/tmp"); got != tt.want {
				t.Errorf("exportsDir() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLocaleFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		want string
		ja   bool
	}{
		{"LANG", []string{"LANG", "ja_JP.UTF-8"}, "ja-JP", true},
		{"LC_ALL wins over LANG", []string{"LANG", "en_US.UTF-8", "LC_ALL", "ja_JP.eucJP"}, "ja-JP", true},
		{"LC_MESSAGES over LANG", []string{"LANG", "ja_JP.UTF-8", "LC_MESSAGES", "en_GB.UTF-8"}, "en-GB", false},
		{"LANGUAGE list first", []string{"LANG", "en_US.UTF-8", "LANGUAGE", "ja:en"}, "ja", true},
		{"C skipped", []string{"LC_ALL", "C", "LANG", "ja_JP.UTF-8"}, "ja-JP", true},
		{"C.UTF-8 names no language", []string{"LANG", "C.UTF-8"}, "", false},
		{"modifier", []string{"LANG", "ja_JP.UTF-8@cjknarrow"}, "ja-JP", true},
		{"nothing set (Windows, Finder)", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := localeFromEnv(vars(tt.env...))
			if got != tt.want || IsJapanese(got) != tt.ja {
				t.Errorf("localeFromEnv = %q (Japanese %v), want %q (%v)", got, IsJapanese(got), tt.want, tt.ja)
			}
		})
	}
}

func TestIsJapanese(t *testing.T) {
	for tag, want := range map[string]bool{"ja": true, "ja-JP": true, "JA_jp": true, "ja.UTF-8": true, "jav": false, "en-JP": false, "": false} {
		if IsJapanese(tag) != want {
			t.Errorf("IsJapanese(%q) = %v, want %v", tag, !want, want)
		}
	}
}

func TestNativePath(t *testing.T) {
	tests := []struct {
		goos, in, want string
	}{
		{"windows", "Z:/tmp/data/売上.csv", `Z:\tmp\data\売上.csv`},
		{"windows", "/z:/tmp/data/売上.csv", `Z:\tmp\data\売上.csv`},
		{"windows", `C:\Users\u\..\v\.\plan.kpitree`, `C:\Users\v\plan.kpitree`},
		{"windows", "C:/", `C:\`},
		{"windows", "C:", `C:\`},
		{"windows", "c:rel/x", `C:rel\x`},
		{"windows", "//server/share/dir/../f.csv", `\\server\share\f.csv`},
		{"windows", `\\server\share\f.csv`, `\\server\share\f.csv`},
		{"windows", "", ""},
		{"linux", "/tmp//a/./b.csv", "/tmp/a/b.csv"},
		{"linux", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.goos+" "+tt.in, func(t *testing.T) {
			if got := nativePath(tt.goos, tt.in); got != tt.want {
				t.Errorf("nativePath(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// vars is a getenv over name/value pairs.
func vars(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

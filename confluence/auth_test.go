package confluence

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demarc-dev/demarc/confluence/fake"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func writeCreds(t *testing.T, dir, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, "demarc", "credentials.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAuthFromEnv(t *testing.T) {
	empty := t.TempDir()
	a, err := AuthFromEnv(env(EnvEmail, "me@example.com", EnvToken, "tok-1", "HOME", empty), "")
	if err != nil || a != (Auth{Email: "me@example.com", Token: "tok-1"}) {
		t.Fatalf("cloud: %#v, %v", a, err)
	}
	a, err = AuthFromEnv(env(EnvPAT, "pat-1", "HOME", empty), "")
	if err != nil || a != (Auth{Token: "pat-1", Bearer: true}) {
		t.Fatalf("data center: %#v, %v", a, err)
	}
	for name, getenv := range map[string]func(string) string{
		"token without e-mail": env(EnvToken, "tok-1", "HOME", empty),
		"e-mail without token": env(EnvEmail, "me@example.com", "HOME", empty),
		"token and pat":        env(EnvEmail, "me@example.com", EnvToken, "tok-1", EnvPAT, "pat-1", "HOME", empty),
		"nothing":              env("HOME", empty),
	} {
		_, err := AuthFromEnv(getenv, "")
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), "tok-1") || strings.Contains(err.Error(), "pat-1") {
			t.Errorf("%s: error shows the secret: %v", name, err)
		}
	}
	if _, err := AuthFromEnv(env("HOME", empty), ""); !strings.Contains(err.Error(), EnvPAT) || !strings.Contains(err.Error(), "credentials.yaml") {
		t.Fatalf("no credentials: %v", err)
	}
}

func TestCredentialsFile(t *testing.T) {
	xdg := t.TempDir()
	path := writeCreds(t, xdg, "confluence:\n  email: me@example.com\n  token: file-token-9\n", 0o600)
	a, err := AuthFromEnv(env("XDG_CONFIG_HOME", xdg), "")
	if err != nil || a != (Auth{Email: "me@example.com", Token: "file-token-9"}) {
		t.Fatalf("default file: %#v, %v", a, err)
	}
	// The environment wins over the default file; a named file wins over both.
	if a, _ := AuthFromEnv(env("XDG_CONFIG_HOME", xdg, EnvPAT, "pat-2"), ""); a.Token != "pat-2" {
		t.Fatalf("env did not win: %v", a)
	}
	if a, _ := AuthFromEnv(env(EnvPAT, "pat-2"), path); a.Token != "file-token-9" {
		t.Fatalf("named file did not win: %v", a)
	}
	// HOME/.config when XDG_CONFIG_HOME is unset.
	home := t.TempDir()
	writeCreds(t, filepath.Join(home, ".config"), "confluence:\n  pat: file-pat-3\n", 0o600)
	if a, err := AuthFromEnv(env("HOME", home), ""); err != nil || a != (Auth{Token: "file-pat-3", Bearer: true}) {
		t.Fatalf("home file: %#v, %v", a, err)
	}

	dir := t.TempDir()
	for name, c := range map[string]struct {
		content string
		mode    os.FileMode
		want    string
	}{
		"readable by others": {"confluence:\n  pat: secret-pat-4\n", 0o644, "chmod 600"},
		"readable by group":  {"confluence:\n  pat: secret-pat-4\n", 0o640, "chmod 600"},
		"no token":           {"confluence:\n  email: me@example.com\n", 0o600, "no confluence.token"},
		"token without mail": {"confluence:\n  token: secret-pat-4\n", 0o600, "no email"},
		"both":               {"confluence:\n  email: a@b\n  token: secret-pat-4\n  pat: secret-pat-4\n", 0o600, "both"},
		"not yaml":           {"confluence: [secret-pat-4\n  : : :", 0o600, "not valid YAML"},
	} {
		p := writeCreds(t, filepath.Join(dir, strings.ReplaceAll(name, " ", "-")), c.content, c.mode)
		_, err := AuthFromEnv(env(), p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", name, err, c.want)
		} else if strings.Contains(err.Error(), "secret-pat-4") {
			t.Errorf("%s: the error shows the token: %v", name, err)
		}
	}
	if _, err := AuthFromEnv(env(), filepath.Join(dir, "missing.yaml")); err == nil {
		t.Fatal("a missing named file was accepted")
	}
}

func TestAuthNeverPrintsToken(t *testing.T) {
	const token = "sekrit-token-0042"
	for _, a := range []Auth{{Email: "me@example.com", Token: token}, {Token: token, Bearer: true}} {
		cfg := Config{BaseURL: "https://x.example", Auth: a}
		j, err := json.Marshal(a)
		if err != nil || !strings.Contains(string(j), redacted) {
			t.Fatalf("json: %s, %v", j, err)
		}
		var logged bytes.Buffer
		slog.New(slog.NewTextHandler(&logged, nil)).Info("publishing", "auth", a, "cfg", cfg)
		basic := base64.StdEncoding.EncodeToString([]byte(a.Email + ":" + token))
		for _, out := range []string{
			fmt.Sprint(a), fmt.Sprintf("%v %+v %#v %s %q", a, a, a, a, a),
			fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg), string(j), logged.String(),
		} {
			if strings.Contains(out, token) || strings.Contains(out, basic) {
				t.Fatalf("the token is printed: %s", out)
			}
		}
		if !strings.Contains(fmt.Sprint(a), redacted) {
			t.Fatalf("String() = %q", fmt.Sprint(a))
		}
	}
}

// Neither the log nor errors show the token, even when the server echoes
// the request's Authorization header back.
func TestTokenNeverInLogOrErrors(t *testing.T) {
	s := newSite(t)
	var log bytes.Buffer
	cfg := s.config(&log)
	cfg.DeleteRemoved = true
	pages := samplePages(Pages(exampleBook(t)), 2)
	publish(t, cfg, pages)
	s.FailNext(1, http.StatusUnauthorized)
	_, err := Publish(context.Background(), cfg, pages)
	basic := base64.StdEncoding.EncodeToString([]byte(fake.Email + ":" + fake.Token))
	for _, out := range []string{log.String(), fmt.Sprint(err)} {
		if strings.Contains(out, fake.Token) || strings.Contains(out, basic) {
			t.Fatalf("the token is shown:\n%s", out)
		}
	}

	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"statusCode":400,"message":"bad header %s (token %s)"}`, r.Header.Get("Authorization"), fake.PAT)
	}))
	defer echo.Close()
	for _, a := range []Auth{{Token: fake.PAT, Bearer: true}, {Email: fake.Email, Token: fake.Token}} {
		log.Reset()
		_, err = Publish(context.Background(), Config{BaseURL: echo.URL, Space: "DOC", Auth: a, Log: &log}, pages[:1])
		if err == nil {
			t.Fatal("no error")
		}
		basic := base64.StdEncoding.EncodeToString([]byte(a.Email + ":" + a.Token))
		for _, out := range []string{log.String(), err.Error()} {
			if strings.Contains(out, a.Token) || strings.Contains(out, basic) {
				t.Fatalf("the token is shown: %s", out)
			}
		}
		if !strings.Contains(err.Error(), redacted) {
			t.Fatalf("err = %v, want the echoed secret redacted", err)
		}
	}
}

func TestAddressIsChecked(t *testing.T) {
	a := Auth{Token: "t", Bearer: true}
	for _, u := range []string{"", "confluence.example.com", "ftp://x", "http://confluence.example.com", "https://user:pw@x.example"} {
		if _, err := Publish(context.Background(), Config{BaseURL: u, Space: "DOC", Auth: a}, nil); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
	if _, err := Publish(context.Background(), Config{BaseURL: "https://x.example", Space: "bad key", Auth: a}, nil); err == nil {
		t.Error("a space key with a blank was accepted")
	}
	if _, err := Publish(context.Background(), Config{BaseURL: "https://x.example", Space: "DOC"}, nil); err == nil || !strings.Contains(err.Error(), EnvToken) {
		t.Errorf("no credentials: %v", err)
	}
}

package confluence

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Environment variables holding credentials.
const (
	EnvEmail = "DEMARC_CONFLUENCE_EMAIL" // Cloud: the Atlassian account's e-mail
	EnvToken = "DEMARC_CONFLUENCE_TOKEN" // Cloud: an API token of that account
	EnvPAT   = "DEMARC_CONFLUENCE_PAT"   // Data Center: a personal access token
)

// Auth are the credentials sent to Confluence. Cloud uses an account's
// e-mail and API token (HTTP Basic); Data Center uses a personal access
// token (HTTP Bearer).
//
// Auth never prints its token: String, GoString, MarshalJSON and LogValue
// all redact it, so logging a Config or an Auth by accident leaks nothing.
type Auth struct {
	Email  string
	Token  string
	Bearer bool // send Token as a Data Center personal access token
}

const redacted = "[redacted]"

// String describes the credentials without the token.
func (a Auth) String() string {
	switch {
	case a.Token == "":
		return "no credentials"
	case a.Bearer:
		return "personal access token " + redacted
	}
	return "API token " + redacted + " of " + a.Email
}

// GoString is used by %#v; it redacts the token too.
func (a Auth) GoString() string {
	tok := `""`
	if a.Token != "" {
		tok = `"` + redacted + `"`
	}
	return fmt.Sprintf("confluence.Auth{Email:%q, Token:%s, Bearer:%t}", a.Email, tok, a.Bearer)
}

// MarshalJSON writes the credentials without the token.
func (a Auth) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{"email":%q,"token":%q,"bearer":%t}`, a.Email, redactedIf(a.Token), a.Bearer)), nil
}

// LogValue keeps the token out of structured logs.
func (a Auth) LogValue() slog.Value { return slog.StringValue(a.String()) }

func redactedIf(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// header is the value of the Authorization header.
func (a Auth) header() string {
	if a.Bearer {
		return "Bearer " + a.Token
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(a.Email+":"+a.Token))
}

// secrets are the strings that must never appear in output.
func (a Auth) secrets() []string {
	if a.Token == "" {
		return nil
	}
	return []string{a.Token, base64.StdEncoding.EncodeToString([]byte(a.Email + ":" + a.Token))}
}

func (a Auth) validate() error {
	switch {
	case a.Token == "":
		return errors.New("no Confluence credentials: " + credentialsHelp)
	case strings.ContainsAny(a.Token, "\r\n") || strings.ContainsAny(a.Email, "\r\n"):
		return errors.New("the Confluence credentials contain a line break; copy the token again")
	case !a.Bearer && a.Email == "":
		return fmt.Errorf("a Confluence Cloud API token needs the account's e-mail: set %s", EnvEmail)
	}
	return nil
}

const credentialsHelp = "set " + EnvEmail + " and " + EnvToken + " (Confluence Cloud: an API token from id.atlassian.com), or " +
	EnvPAT + " (Data Center: a personal access token), or write them to the credentials file"

// maxCredentialsFile bounds what is read from a credentials file.
const maxCredentialsFile = 64 << 10

// DefaultCredentialsFile is where credentials are looked for when no file
// is named: $XDG_CONFIG_HOME/demarc/credentials.yaml, else
// ~/.config/demarc/credentials.yaml.
func DefaultCredentialsFile(getenv func(string) string) string {
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "demarc", "credentials.yaml")
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".config", "demarc", "credentials.yaml")
}

// AuthFromEnv finds the credentials to publish with, never from flags (which
// end up in shell history and process lists):
//
//   - credentialsFile, when not empty, is read and must hold them;
//   - otherwise DEMARC_CONFLUENCE_EMAIL with DEMARC_CONFLUENCE_TOKEN
//     (Cloud), or DEMARC_CONFLUENCE_PAT (Data Center), from getenv;
//   - otherwise the default credentials file, if it exists.
//
// A credentials file is YAML:
//
//	confluence:
//	  email: you@example.com   # Cloud
//	  token: <API token>
//	# or, for Data Center:
//	confluence:
//	  pat: <personal access token>
//
// and is refused when group or others may read it (mode & 0o077 != 0).
func AuthFromEnv(getenv func(string) string, credentialsFile string) (Auth, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if credentialsFile != "" {
		return readCredentials(credentialsFile, true)
	}
	email, token, pat := strings.TrimSpace(getenv(EnvEmail)), strings.TrimSpace(getenv(EnvToken)), strings.TrimSpace(getenv(EnvPAT))
	switch {
	case pat != "" && token != "":
		return Auth{}, fmt.Errorf("both %s and %s are set; set %s and %s for Confluence Cloud, or only %s for Data Center", EnvToken, EnvPAT, EnvEmail, EnvToken, EnvPAT)
	case pat != "":
		return Auth{Token: pat, Bearer: true}, nil
	case token != "":
		a := Auth{Email: email, Token: token}
		return a, a.validate()
	case email != "":
		return Auth{}, fmt.Errorf("%s is set but %s is not; create an API token at https://id.atlassian.com/manage-profile/security/api-tokens", EnvEmail, EnvToken)
	}
	path := DefaultCredentialsFile(getenv)
	if path == "" {
		return Auth{}, errors.New("no Confluence credentials: " + credentialsHelp)
	}
	a, err := readCredentials(path, false)
	if errors.Is(err, fs.ErrNotExist) {
		return Auth{}, fmt.Errorf("no Confluence credentials: %s (%s, mode 0600)", credentialsHelp, path)
	}
	return a, err
}

type credentialsFile struct {
	Confluence struct {
		Email string `yaml:"email"`
		Token string `yaml:"token"`
		PAT   string `yaml:"pat"`
	} `yaml:"confluence"`
}

func readCredentials(path string, named bool) (Auth, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !named {
			return Auth{}, err
		}
		return Auth{}, fmt.Errorf("cannot read the credentials file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Auth{}, fmt.Errorf("cannot read the credentials file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return Auth{}, fmt.Errorf("the credentials file %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return Auth{}, fmt.Errorf("the credentials file %s may be read by other users (mode %04o); run: chmod 600 %s", path, perm, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxCredentialsFile+1))
	if err != nil {
		return Auth{}, fmt.Errorf("cannot read the credentials file %s: %w", path, err)
	}
	if len(data) > maxCredentialsFile {
		return Auth{}, fmt.Errorf("the credentials file %s is larger than 64 KiB", path)
	}
	var cf credentialsFile
	if err := yaml.Unmarshal(data, &cf); err != nil {
		// The YAML error may quote the file's content: leave it out.
		return Auth{}, fmt.Errorf("the credentials file %s is not valid YAML; expected confluence: {email: …, token: …} or confluence: {pat: …}", path)
	}
	c := cf.Confluence
	c.Email, c.Token, c.PAT = strings.TrimSpace(c.Email), strings.TrimSpace(c.Token), strings.TrimSpace(c.PAT)
	switch {
	case c.PAT != "" && c.Token != "":
		return Auth{}, fmt.Errorf("the credentials file %s sets both token and pat; keep token (with email) for Cloud or pat for Data Center", path)
	case c.PAT != "":
		a := Auth{Token: c.PAT, Bearer: true}
		return a, a.validate()
	case c.Token != "":
		a := Auth{Email: c.Email, Token: c.Token}
		if a.Email == "" {
			return Auth{}, fmt.Errorf("the credentials file %s has a token but no email; Confluence Cloud needs both", path)
		}
		return a, a.validate()
	}
	return Auth{}, fmt.Errorf("the credentials file %s has no confluence.token or confluence.pat", path)
}

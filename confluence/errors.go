package confluence

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is a failed Confluence request: what was being done, to which page,
// the HTTP status and Confluence's own message, and a hint for the user.
// It never contains the credentials.
type Error struct {
	Op       string // e.g. "update page", "upload attachment zone-x.svg"
	Page     string // title of the page concerned, if any
	Method   string
	Path     string // request path, without the query
	Status   int    // HTTP status; 0 when no response arrived
	Message  string // Confluence's message
	Hint     string
	Attempts int   // requests sent, when retries were exhausted
	Err      error // underlying transport or decoding error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("confluence: ")
	b.WriteString(e.Op)
	if e.Page != "" {
		fmt.Fprintf(&b, " %q", e.Page)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, ": %s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	} else if e.Method != "" {
		fmt.Fprintf(&b, ": %s %s", e.Method, e.Path)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (gave up after %d attempts)", e.Attempts)
	}
	if e.Hint != "" {
		b.WriteString("\nhint: ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// IsStatus reports whether err is a Confluence response with one of the
// given HTTP statuses.
func IsStatus(err error, status ...int) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	for _, s := range status {
		if e.Status == s {
			return true
		}
	}
	return false
}

// hint suggests what to do about a failed request.
func hint(op string, status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "Confluence did not accept the credentials: check " + EnvEmail + " and " + EnvToken +
			" (Cloud: an API token of that account) or " + EnvPAT + " (Data Center: a personal access token that has not expired), or the credentials file"
	case http.StatusForbidden:
		return "the account may not do this: it needs permission to view, add and delete pages (and attachments) in the space; ask a space administrator"
	case http.StatusNotFound:
		switch {
		case strings.Contains(op, "parent"):
			return "check --parent: give the id (from the page's URL) or the exact title of a page in the space"
		case strings.Contains(op, "space"):
			return "check --space: give the space key (as in /spaces/KEY/ or /display/KEY/ in page URLs), and that the account can see the space; and check --url (on Cloud it ends in /wiki)"
		}
		return "check --url: the base URL of the site, e.g. https://example.atlassian.net/wiki (Cloud) or https://confluence.example.com (Data Center, with its context path if any)"
	case http.StatusConflict:
		return "the page changed in Confluence while publishing; run the publish again"
	case http.StatusTooManyRequests:
		return "Confluence is rate-limiting this account; try again later"
	case http.StatusRequestEntityTooLarge:
		return "the page or attachment is larger than the site allows"
	case 0:
		return ""
	}
	if status >= 500 {
		return "Confluence failed on its side; try again later"
	}
	return ""
}

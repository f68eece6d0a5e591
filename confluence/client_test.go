package confluence

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"0":                             0,
		"7":                             7 * time.Second,
		" 3 ":                           3 * time.Second,
		"Sun, 29 Nov 2026 12:00:30 GMT": 30 * time.Second,
		"Sun, 29 Nov 2026 11:59:00 GMT": 0, // in the past: retry now
	} {
		got, ok := retryAfter(v, now)
		if !ok || got != want {
			t.Errorf("retryAfter(%q) = %v, %t; want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "-1", "soon", "1.5"} {
		if _, ok := retryAfter(v, now); ok {
			t.Errorf("retryAfter(%q) accepted", v)
		}
	}
}

func TestResolveNext(t *testing.T) {
	cloud, _ := newClient(Config{BaseURL: "https://acme.atlassian.net/wiki/", Auth: Auth{Token: "t", Bearer: true}})
	dc, _ := newClient(Config{BaseURL: "https://confluence.acme.example/confluence", Auth: Auth{Token: "t", Bearer: true}})
	for _, c := range []struct {
		c          *client
		next, want string
	}{
		{cloud, "/rest/api/content/search?cursor=abc&limit=25", "https://acme.atlassian.net/wiki/rest/api/content/search?cursor=abc&limit=25"},
		{cloud, "/wiki/rest/api/content/search?cursor=abc", "https://acme.atlassian.net/wiki/rest/api/content/search?cursor=abc"},
		{dc, "https://confluence.acme.example/confluence/rest/api/content?start=25", "https://confluence.acme.example/confluence/rest/api/content?start=25"},
		{dc, "/rest/api/content?start=25", "https://confluence.acme.example/confluence/rest/api/content?start=25"},
	} {
		got, err := c.c.resolveNext(c.next)
		if err != nil || got != c.want {
			t.Errorf("resolveNext(%q) = %q, %v; want %q", c.next, got, err, c.want)
		}
	}
	for _, bad := range []string{"https://evil.example/rest/api/content?start=5", "relative/path", "::"} {
		if _, err := dc.resolveNext(bad); err == nil {
			t.Errorf("resolveNext(%q) accepted", bad)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	for body, want := range map[string]string{
		`{"statusCode":409,"message":"Version must be incremented on update. Current version is: 3"}`:                                                                                                "Version must be incremented on update. Current version is: 3",
		`{"errors":[{"status":400,"code":"INVALID_REQUEST_PARAMETER","title":"Provided value for 'title' is not valid"}]}`:                                                                           "Provided value for 'title' is not valid",
		`{"statusCode":400,"data":{"errors":[{"message":{"translation":"A page with this title already exists"}}]},"message":"com.atlassian.confluence.api.service.exceptions.BadRequestException"}`: "BadRequestException; A page with this title already exists",
		`<html><body>Proxy error</body></html>`: "",
		"plain text\n\nfailure":                 "plain text failure",
	} {
		if got := message([]byte(body)); !strings.HasSuffix(got, want) || (want == "" && got != "") {
			t.Errorf("message(%s) = %q, want %q", body, got, want)
		}
	}
	e := &Error{Op: "update page", Page: "P", Method: http.MethodPut, Path: "/rest/api/content/42", Status: 409, Message: "stale", Hint: hint("update page", 409)}
	if got := e.Error(); got != "confluence: update page \"P\": PUT /rest/api/content/42: 409 Conflict: stale\nhint: the page changed in Confluence while publishing; run the publish again" {
		t.Fatalf("Error() = %q", got)
	}
	for status, want := range map[int]string{401: EnvPAT, 403: "permission", 404: "--url", 500: "later"} {
		if h := hint("create page", status); !strings.Contains(h, want) {
			t.Errorf("hint(%d) = %q, want %q", status, h, want)
		}
	}
}

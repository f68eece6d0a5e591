package auth

import (
	"encoding/json"
	"html/template"
	"mime"
	"net/http"
	"strings"
)

// Why the CSRF check refused a request; the values are logged.
const (
	reasonCrossSite    = "cross-site Sec-Fetch-Site"
	reasonCrossOrigin  = "cross-origin Origin header"
	reasonCrossReferer = "cross-origin Referer header"
	reasonNoSession    = "no session"
	reasonMissingToken = "missing token"
	reasonWrongToken   = "wrong token"
)

// csrfRefusal is what a person is told about a refusal: what happened and
// how to go on. It names no token.
type csrfRefusal struct{ detail, hint string }

var csrfRefusals = map[string]csrfRefusal{
	reasonCrossSite: {"The request was sent from another site (the browser says Sec-Fetch-Site: cross-site), so it may not be yours.",
		"Submit the form from this site's own pages."},
	reasonCrossOrigin: {"The request was sent from another origin (its Origin header names another host), so it may not be yours.",
		"Submit the form from this site's own pages; behind a proxy, make sure it passes the original Host header."},
	reasonCrossReferer: {"The request was sent from a page of another host (its Referer header), so it may not be yours.",
		"Submit the form from this site's own pages; behind a proxy, make sure it passes the original Host header."},
	reasonNoSession: {"The request carries no session cookie, so its form token cannot be checked.",
		"Allow cookies for this site, reload the page and submit again."},
	reasonMissingToken: {"The request carries no CSRF token (form field csrf_token or header X-CSRF-Token).",
		"Reload the page and submit the form again; API clients send the token in the X-CSRF-Token header."},
	reasonWrongToken: {"The form's CSRF token does not belong to your session: you may have signed in or out, or the server's key changed, since the page was loaded.",
		"Reload the page and submit the form again."},
}

// refuseCSRF answers 403 saying why, as RFC 9457 problem details to API
// clients (a JSON Accept or Content-Type, or a path under /api/) and as a
// short page to browsers.
func refuseCSRF(w http.ResponseWriter, r *http.Request, reason string) {
	why, ok := csrfRefusals[reason]
	if !ok {
		why = csrfRefusal{"The request failed the cross-site request forgery check.", "Reload the page and submit again."}
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if wantsJSON(r) {
		h.Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusForbidden)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"type":     "https://github.com/demarc-dev/demarc/blob/main/docs/api.md#csrf",
			"title":    "Refused by cross-site request forgery protection",
			"status":   http.StatusForbidden,
			"detail":   why.detail,
			"instance": r.URL.Path,
			"hint":     why.hint,
		})
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	_ = refusalPage.Execute(w, struct{ Detail, Hint string }{why.detail, why.hint})
}

var refusalPage = template.Must(template.New("csrf").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Request refused</title></head>
<body><h1>Request refused</h1>
<p>{{.Detail}}</p>
<p><strong>What to do:</strong> {{.Hint}}</p>
</body></html>
`))

func wantsJSON(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return true
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return true
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if mt == "application/json" || mt == "application/problem+json" {
			return true
		}
		if mt == "text/html" {
			return false
		}
	}
	return false
}

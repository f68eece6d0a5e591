package site

import (
	"bytes"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/demarc-dev/demarc/view"
)

// ContentSecurityPolicy is the policy every page carries in a meta tag;
// Handler also sends it as a header, which browsers enforce more fully.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Handler serves the site of b from memory: each page is rendered when it
// is asked for, with the same renderer Build uses, so a server never shows
// anything a built site would not.
func Handler(b *view.Book, opts Options) http.Handler {
	return handler(newSite(b, opts))
}

func handler(s *site) http.Handler {
	byPath := map[string]job{}
	for _, j := range s.jobs() {
		byPath[j.path] = j
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if p == "" || strings.HasSuffix(r.URL.Path, "/") {
			p = path.Join(p, "index.html")
		}
		j, ok := byPath[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		var buf bytes.Buffer
		if err := j.render(&buf); err != nil {
			http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin") // no-referrer would make browsers send "Origin: null" on our own form posts, which CSRF checks refuse
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(buf.Bytes())
	})
}

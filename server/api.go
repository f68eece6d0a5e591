package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/resolve"
)

// Limits of the cell endpoints.
const (
	maxWho       = 10_000
	defaultLimit = 10_000
	maxLimit     = 100_000
)

// statusView is the body of /api/v1/status: the state of the current files
// and of the model served.
type statusView struct {
	ModelOK    bool       `json:"model_ok"`
	Errors     int        `json:"errors"`
	Warnings   int        `json:"warnings"`
	LoadedAt   time.Time  `json:"loaded_at"`
	LastGoodAt *time.Time `json:"last_good_at"`
	ServedAt   time.Time  `json:"served_loaded_at"`
	Error      string     `json:"error,omitempty"`
}

func (s *Server) diagnostics(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.latest.Load().report)
}

// list reads a query parameter given repeatedly or comma-separated.
func list(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func filter(r *http.Request) resolve.Filter {
	q := r.URL.Query()
	return resolve.Filter{
		Activities:   list(q, "activity"),
		Services:     list(q, "service"),
		LandingZones: list(q, "landing_zone"),
		Party:        strings.TrimSpace(q.Get("party")),
		Tenant:       strings.TrimSpace(q.Get("tenant")),
	}
}

// queryError answers a question the resolver refused.
func queryError(w http.ResponseWriter, err error) {
	var ue *resolve.UnknownError
	if errors.As(err, &ue) {
		hint := unknownHint(ue.Kind, ue.Suggestion)
		if ue.Suggestion == "" && len(ue.Valid) > 0 && ue.Kind != "tenant" {
			hint = "valid ids: " + strings.Join(ue.Valid, ", ")
			if ue.Total > len(ue.Valid) {
				hint += fmt.Sprintf(", … (%d in all)", ue.Total)
			}
		}
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown %s %q", ue.Kind, ue.ID), hint)
		return
	}
	writeError(w, http.StatusBadRequest, err.Error(), "")
}

func unknownHint(kind, suggestion string) string {
	if suggestion != "" {
		return fmt.Sprintf("did you mean %q?", suggestion)
	}
	switch kind {
	case "party":
		return "GET /api/v1/parties lists the parties"
	case "tenant":
		return "GET /api/v1/tenants lists the tenants"
	case "process":
		return "GET /api/v1/processes lists the processes"
	}
	return "the documentation pages list the valid " + kind + " ids"
}

func (s *Server) who(w http.ResponseWriter, r *http.Request) {
	st := s.current.Load()
	key := r.URL.RawQuery
	if body, ok := st.answers.get(key); ok {
		s.metrics.answerHits.Add(1)
		writeBody(w, http.StatusOK, body)
		return
	}
	s.metrics.answerMisses.Add(1)
	f := filter(r)
	f.Party = ""
	out := []resolve.AnswerView{}
	tooMany := false
	err := st.resolver.Cells(f, func(a *resolve.Answer) bool {
		if len(out) == maxWho {
			tooMany = true
			return false
		}
		out = append(out, a.View())
		return true
	})
	if err != nil {
		queryError(w, err)
		return
	}
	if tooMany {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("the question matches more than %d cells", maxWho),
			"narrow it with activity, service, landing_zone or tenant, or page through GET /api/v1/matrix")
		return
	}
	body, err := marshalJSON(out)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "cannot encode the answer", "")
		return
	}
	st.answers.put(key, body)
	writeBody(w, http.StatusOK, body)
}

func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s must be an integer from %d to %d", name, lo, hi)
	}
	return n, nil
}

// pageParams reads the limit and cursor of a paged endpoint (the matrix,
// the tenants), answering 400 when they are not valid.
func pageParams(w http.ResponseWriter, r *http.Request) (limit, cursor int, ok bool) {
	limit, err := intParam(r, "limit", defaultLimit, 1, maxLimit)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "")
		return 0, 0, false
	}
	cursor, err = intParam(r, "cursor", 0, 0, int(^uint32(0)>>1))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "pass the next value of the previous page")
		return 0, 0, false
	}
	return limit, cursor, true
}

// matrix streams the cells matching the filter as
// {"cells":[...],"truncated":bool,"next":"cursor"}; next is the cursor of
// the following page when truncated.
func (s *Server) matrix(w http.ResponseWriter, r *http.Request) {
	limit, cursor, ok := pageParams(w, r)
	if !ok {
		return
	}
	st := s.current.Load()
	var enc *json.Encoder
	start := func() {
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"cells":[`))
		enc = json.NewEncoder(w)
		enc.SetEscapeHTML(false)
	}
	flusher, _ := w.(http.Flusher)
	i, written, truncated := 0, 0, false
	err := st.resolver.Cells(filter(r), func(a *resolve.Answer) bool {
		if i < cursor {
			i++
			return true
		}
		if written == limit {
			truncated = true
			return false
		}
		if enc == nil {
			start()
		} else {
			_, _ = w.Write([]byte{','})
		}
		i++
		written++
		if enc.Encode(a.View()) != nil {
			return false // the client went away
		}
		if written%1000 == 0 && flusher != nil {
			flusher.Flush()
		}
		return true
	})
	if err != nil && enc == nil {
		queryError(w, err)
		return
	}
	if enc == nil {
		start()
	}
	tail := `],"truncated":false}`
	if truncated {
		tail = fmt.Sprintf(`],"truncated":true,"next":"%d"}`, i)
	}
	_, _ = w.Write([]byte(tail + "\n"))
}

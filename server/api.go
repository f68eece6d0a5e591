package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/model"
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

// queryError answers a question the resolver refused: 404 for an unknown
// id, 400 otherwise.
func queryError(w http.ResponseWriter, r *http.Request, err error) {
	var ue *resolve.UnknownError
	if errors.As(err, &ue) {
		unknownID(w, r, ue, paramOf(ue.Kind))
		return
	}
	writeError(w, r, http.StatusBadRequest, probInvalidParameter, err.Error(), "")
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
	if len(f.Activities) == 0 {
		acts := ids(st.model.Activities, func(a *model.Activity) string { return a.ID })
		slices.Sort(acts)
		p := problem{Status: http.StatusBadRequest, Parameter: "activity",
			Detail: "who needs the activity asked about: the activity parameter is missing",
			Hint:   "add activity=ID (valid lists the first ids), and narrow it with service, landing_zone or tenant; GET /api/v1/matrix lists every cell"}
		p.Valid = acts[:min(len(acts), resolve.MaxListedIDs)]
		if len(acts) > len(p.Valid) {
			p.ValidTotal = len(acts)
		}
		writeProblem(w, r, probMissingParameter, p)
		return
	}
	if !tenantInZones(w, r, st, f) {
		return
	}
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
		queryError(w, r, err)
		return
	}
	if tooMany {
		writeError(w, r, http.StatusBadRequest, probTooManyCells, fmt.Sprintf("the question matches more than %d cells", maxWho),
			"narrow it with activity, service, landing_zone or tenant, or page through GET /api/v1/matrix")
		return
	}
	body, err := marshalJSON(out)
	if err != nil {
		writeError(w, r, http.StatusInternalServerError, probInternal, "cannot encode the answer", "")
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
		writeProblem(w, r, probInvalidParameter, problem{Status: http.StatusBadRequest, Detail: err.Error(), Parameter: "limit",
			Hint: fmt.Sprintf("leave limit out for %d, or give at most %d", defaultLimit, maxLimit)})
		return 0, 0, false
	}
	cursor, err = intParam(r, "cursor", 0, 0, int(^uint32(0)>>1))
	if err != nil {
		writeProblem(w, r, probInvalidParameter, problem{Status: http.StatusBadRequest, Detail: err.Error(), Parameter: "cursor",
			Hint: "pass the next value of the previous page"})
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
	if !tenantInZones(w, r, st, filter(r)) {
		return
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
		queryError(w, r, err)
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

// tenantInZones answers 400 when f asks for a tenant in landing zones it is
// not in; the resolver would answer no cells, which reads as "nobody".
// Unknown ids are left to the resolver (404).
func tenantInZones(w http.ResponseWriter, r *http.Request, st *state, f resolve.Filter) bool {
	if f.Tenant == "" || len(f.LandingZones) == 0 {
		return true
	}
	t := st.model.TenantByID(f.Tenant)
	if t == nil || t.LandingZone.ID == "" {
		return true
	}
	for _, z := range f.LandingZones {
		if st.model.LandingZoneByID[z] == nil || z == t.LandingZone.ID {
			return true
		}
	}
	writeProblem(w, r, probTenantElsewhere, problem{Status: http.StatusBadRequest, Parameter: "landing_zone",
		Detail: fmt.Sprintf("tenant %q is in landing zone %q, not in %s", t.ID, t.LandingZone.ID, strings.Join(f.LandingZones, ", ")),
		Hint:   fmt.Sprintf("leave landing_zone out (the tenant decides it), or ask landing_zone=%s", t.LandingZone.ID),
		Valid:  []string{t.LandingZone.ID}})
	return false
}

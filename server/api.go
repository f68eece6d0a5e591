package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
	"github.com/demarc-dev/demarc/store"
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

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	a := s.latest.Load()
	v := statusView{
		ModelOK:  a.err == "",
		Errors:   a.report.Summary.Errors,
		Warnings: a.report.Summary.Warnings,
		LoadedAt: a.loadedAt,
		ServedAt: s.current.Load().loadedAt,
		Error:    a.err,
	}
	if !a.lastGoodAt.IsZero() {
		t := a.lastGoodAt
		v.LastGoodAt = &t
	}
	writeJSON(w, http.StatusOK, v)
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

// partyView is a party without its members (people's addresses).
type partyView struct {
	ID          string           `json:"id"`
	Kind        string           `json:"kind"`
	Name        string           `json:"name"`
	Description string           `json:"description,omitempty"`
	Parent      string           `json:"parent,omitempty"`
	Escalation  string           `json:"escalation,omitempty"`
	Placeholder bool             `json:"placeholder,omitempty"`
	Contacts    []*model.Contact `json:"contacts"`
}

// dutyView is one group of duties where a party holds roles.
type dutyView struct {
	LandingZone    string   `json:"landing_zone,omitempty"`
	Activity       string   `json:"activity"`
	ActivityName   string   `json:"activity_name"`
	Grain          string   `json:"grain"`
	Layer          string   `json:"layer,omitempty"`
	Roles          string   `json:"roles"`
	Where          string   `json:"where,omitempty"`
	Cells          int      `json:"cells"`
	Services       int      `json:"services"`
	AllServices    bool     `json:"all_services"`
	Providers      []string `json:"providers,omitempty"`
	Outcome        string   `json:"outcome"`
	Rule           string   `json:"rule,omitempty"`
	ViaTenantOwner bool     `json:"via_tenant_owner"`
}

type partyDetail struct {
	partyView
	Children         []string       `json:"children"`
	LandingZones     []string       `json:"landing_zones"`
	Tenants          []string       `json:"tenants"`
	Counts           map[string]int `json:"counts"`
	Responsibilities []dutyView     `json:"responsibilities"`
}

func viewParty(p *model.Party, escalation *model.Party) partyView {
	v := partyView{ID: p.ID, Kind: string(p.Kind), Name: p.Name, Description: p.Description, Parent: p.Parent.ID, Placeholder: p.Placeholder, Contacts: p.Contacts}
	if escalation != nil {
		v.Escalation = escalation.ID
	}
	if v.Contacts == nil {
		v.Contacts = []*model.Contact{}
	}
	return v
}

func (s *Server) parties(w http.ResponseWriter, r *http.Request) {
	st := s.current.Load()
	out := make([]partyView, 0, len(st.book.Parties))
	for _, pp := range st.book.Parties {
		out = append(out, viewParty(pp.Party, pp.Escalation))
	}
	writeJSON(w, http.StatusOK, out)
}

func ids[T any](list []T, id func(T) string) []string {
	out := make([]string, 0, len(list))
	for _, x := range list {
		out = append(out, id(x))
	}
	return out
}

func (s *Server) party(w http.ResponseWriter, r *http.Request) {
	st := s.current.Load()
	id := r.PathValue("id")
	pp := st.book.PartyByID(id)
	if pp == nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown party %q", id), unknownHint("party", suggest(id, st.model.PartyByID)))
		return
	}
	d := partyDetail{
		partyView:    viewParty(pp.Party, pp.Escalation),
		Children:     ids(pp.Children, func(p *model.Party) string { return p.ID }),
		LandingZones: ids(pp.Zones, func(z *model.LandingZone) string { return z.ID }),
		Tenants:      ids(pp.Tenants, func(t *model.Tenant) string { return t.ID }),
		Counts:       map[string]int{"R": pp.CountR, "A": pp.CountA, "C": pp.CountC, "I": pp.CountI},
	}
	duties := pp.Duties()
	d.Responsibilities = make([]dutyView, 0, len(duties))
	for _, du := range duties {
		dv := dutyView{
			Activity: du.Activity.ID, ActivityName: du.Activity.Name, Grain: string(du.Grain),
			Layer: du.Activity.Layer.ID, Roles: du.Roles, Where: du.Where(), Cells: du.Len(), AllServices: du.AllServices,
			Providers: ids(du.Providers, func(p *model.Provider) string { return p.ID }), ViaTenantOwner: du.ViaTenantOwner,
		}
		if du.LandingZone != nil {
			dv.LandingZone = du.LandingZone.ID
		}
		if du.Grain == model.GrainService {
			dv.Services = du.Len()
		}
		if len(dv.Providers) == 0 {
			dv.Providers = nil
		}
		if a := du.Assignment; a != nil {
			dv.Outcome = a.Outcome.String()
			if a.Rule != nil {
				dv.Rule = a.Rule.ID
			}
		}
		d.Responsibilities = append(d.Responsibilities, dv)
	}
	writeJSON(w, http.StatusOK, d)
}

// tenantView is a tenant in the API.
type tenantView struct {
	ID          string            `json:"id"`
	Name        string            `json:"name,omitempty"`
	Provider    string            `json:"provider"`
	LandingZone string            `json:"landing_zone"`
	Owner       string            `json:"owner"`
	Tags        map[string]string `json:"tags"`
}

type tenantDetail struct {
	tenantView
	OwnerParty *partyView `json:"owner_party,omitempty"`
}

func viewTenant(t *model.Tenant) tenantView {
	v := tenantView{ID: t.ID, Name: t.Name, Provider: t.Provider.ID, LandingZone: t.LandingZone.ID, Owner: t.Owner.ID, Tags: t.Tags.Map()}
	return v
}

// tenantPage is the body of /api/v1/tenants: one page of the tenants
// matching the filters, like the matrix's pages.
type tenantPage struct {
	Tenants   []tenantView `json:"tenants"`
	Truncated bool         `json:"truncated"`
	Next      string       `json:"next,omitempty"`
}

// tenants lists the tenants, optionally only those of some owners, landing
// zones or providers (each given repeatedly or comma-separated), a page at
// a time.
func (s *Server) tenants(w http.ResponseWriter, r *http.Request) {
	limit, cursor, ok := pageParams(w, r)
	if !ok {
		return
	}
	st := s.current.Load()
	q := r.URL.Query()
	owners, zones, providers := list(q, "owner"), list(q, "landing_zone"), list(q, "provider")
	if !knownIDs(w, "party", owners, st.model.PartyByID) || !knownIDs(w, "landing zone", zones, st.model.LandingZoneByID) ||
		!knownIDs(w, "provider", providers, st.model.ProviderByID) {
		return
	}
	filters := []struct {
		ids []string
		of  func(*model.Tenant) string
	}{
		{owners, func(t *model.Tenant) string { return t.Owner.ID }},
		{zones, func(t *model.Tenant) string { return t.LandingZone.ID }},
		{providers, func(t *model.Tenant) string { return t.Provider.ID }},
	}
	page := tenantPage{Tenants: []tenantView{}}
	skipped := 0
tenants:
	for _, t := range st.model.Tenants {
		for _, f := range filters {
			if len(f.ids) > 0 && !slices.Contains(f.ids, f.of(t)) {
				continue tenants
			}
		}
		if skipped < cursor {
			skipped++
			continue
		}
		if len(page.Tenants) == limit {
			page.Truncated, page.Next = true, strconv.Itoa(cursor+limit)
			break
		}
		page.Tenants = append(page.Tenants, viewTenant(t))
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) tenant(w http.ResponseWriter, r *http.Request) {
	st := s.current.Load()
	id := r.PathValue("id")
	t := st.model.TenantByID[id]
	if t == nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown tenant %q", id), unknownHint("tenant", suggest(id, st.model.TenantByID)))
		return
	}
	d := tenantDetail{tenantView: viewTenant(t)}
	if pp := st.book.PartyByID(t.Owner.ID); pp != nil {
		v := viewParty(pp.Party, pp.Escalation)
		d.OwnerParty = &v
	}
	writeJSON(w, http.StatusOK, d)
}

// knownIDs answers 400, with a suggestion, for the first of ids that idx
// does not hold.
func knownIDs[T any](w http.ResponseWriter, kind string, ids []string, idx map[string]T) bool {
	for _, id := range ids {
		if _, ok := idx[id]; !ok {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown %s %q", kind, id), unknownHint(kind, suggest(id, idx)))
			return false
		}
	}
	return true
}

func suggest[T any](id string, idx map[string]T) string {
	cands := make([]string, 0, len(idx))
	for k := range idx {
		cands = append(cands, k)
	}
	sort.Strings(cands)
	return diag.DidYouMean(id, cands)
}

// ackView is an acknowledgement in the API. Person is shown to signed-in
// readers only; the remote address only in exports.
type ackView struct {
	ID        int64     `json:"id"`
	Rule      string    `json:"rule"`
	RuleHash  string    `json:"rule_hash"`
	Party     string    `json:"party"`
	Person    string    `json:"person,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Current is set when the acknowledgement is for the rule as it is now.
	Current bool `json:"current"`
}

func (s *Server) needStore(w http.ResponseWriter) bool {
	if s.cfg.Store == nil {
		writeError(w, http.StatusServiceUnavailable, "acknowledgements are disabled", "start the server with a database")
		return false
	}
	return true
}

func (s *Server) storeError(w http.ResponseWriter, err error) {
	if errors.Is(err, store.ErrInvalid) {
		writeError(w, http.StatusBadRequest, err.Error(), "")
		return
	}
	s.log.Error("store", "err", err)
	writeError(w, http.StatusServiceUnavailable, "the database is unavailable", "try again shortly")
}

func (s *Server) acknowledgements(w http.ResponseWriter, r *http.Request) {
	if !s.needStore(w) {
		return
	}
	st := s.current.Load()
	q := r.URL.Query()
	f := store.Filter{Party: q.Get("party"), Rule: q.Get("rule")}
	if f.Party != "" && st.model.PartyByID[f.Party] == nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown party %q", f.Party), unknownHint("party", suggest(f.Party, st.model.PartyByID)))
		return
	}
	if f.Rule != "" && st.model.RuleByID[f.Rule] == nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown rule %q", f.Rule), unknownHint("rule", suggest(f.Rule, st.model.RuleByID)))
		return
	}
	acks, err := s.cfg.Store.Acknowledgements(r.Context(), f)
	if err != nil {
		s.storeError(w, err)
		return
	}
	_, signedIn := s.person(r)
	out := make([]ackView, 0, len(acks))
	for _, a := range acks {
		v := ackView{ID: a.ID, Rule: a.RuleID, RuleHash: a.RuleHash, Party: a.PartyID, CreatedAt: a.CreatedAt}
		if signedIn {
			v.Person = a.Person
		}
		if rule := st.model.RuleByID[a.RuleID]; rule != nil {
			v.Current = store.RuleHash(rule) == a.RuleHash
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, out)
}

type coverageView struct {
	Parties      []store.PartyCoverage `json:"parties"`
	LandingZones []store.ZoneCoverage  `json:"landing_zones"`
}

func (s *Server) coverage(w http.ResponseWriter, r *http.Request) {
	if !s.needStore(w) {
		return
	}
	st := s.current.Load()
	ps, err := s.cfg.Store.Coverage(r.Context(), st.model)
	if err != nil {
		s.storeError(w, err)
		return
	}
	zs, err := s.cfg.Store.ZoneCoverage(r.Context(), st.model)
	if err != nil {
		s.storeError(w, err)
		return
	}
	if ps == nil {
		ps = []store.PartyCoverage{}
	}
	if zs == nil {
		zs = []store.ZoneCoverage{}
	}
	writeJSON(w, http.StatusOK, coverageView{Parties: ps, LandingZones: zs})
}

// ackRequest is the body of POST /api/v1/acknowledgements.
type ackRequest struct {
	Rule  string `json:"rule"`
	Party string `json:"party"`
}

func remoteHost(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

func (s *Server) acknowledge(w http.ResponseWriter, r *http.Request) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "the body must be JSON", "send Content-Type: application/json")
		return
	}
	p, ok := s.person(r)
	if !ok || p.Actor() == "" {
		writeError(w, http.StatusUnauthorized, "sign-in required", "sign in to acknowledge responsibilities")
		return
	}
	if !s.needStore(w) {
		return
	}
	var req ackRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, "the body is too large", fmt.Sprintf("at most %d bytes", maxBody))
			return
		}
		writeError(w, http.StatusBadRequest, "the body is not a valid acknowledgement", `send {"rule": "RULE-ID", "party": "PARTY-ID"}`)
		return
	}
	if dec.More() {
		writeError(w, http.StatusBadRequest, "the body has more than one JSON value", `send {"rule": "RULE-ID", "party": "PARTY-ID"}`)
		return
	}
	st := s.current.Load()
	party := st.model.PartyByID[req.Party]
	if party == nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown party %q", req.Party), unknownHint("party", suggest(req.Party, st.model.PartyByID)))
		return
	}
	rule := st.model.RuleByID[req.Rule]
	if rule == nil {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown rule %q", req.Rule), unknownHint("rule", suggest(req.Rule, st.model.RuleByID)))
		return
	}
	addr := remoteHost(r)
	if !p.MemberOf(party) {
		// Every refusal is audited; the log line names neither the person
		// nor the address.
		s.log.Warn("acknowledgement refused: not a member", "party", party.ID, "rule", rule.ID)
		if err := s.cfg.Store.Audit(r.Context(), p.Actor(), "acknowledge-refused", "rule/"+rule.ID, addr,
			map[string]any{"party": party.ID, "rule": rule.ID, "reason": "not a member of the party"}); err != nil {
			s.storeError(w, err)
			return
		}
		writeError(w, http.StatusForbidden, fmt.Sprintf("you are not a member of party %q", party.ID), "the party's members in the model list who may act for it")
		return
	}
	inRefs := func(rs model.Refs) bool {
		return slices.ContainsFunc(rs, func(x model.Ref) bool { return x.ID == party.ID })
	}
	if !inRefs(rule.Responsible) && !inRefs(rule.Accountable) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("party %q is neither responsible nor accountable in rule %q", party.ID, rule.ID),
			"GET /api/v1/coverage lists what each party holds")
		return
	}
	if rule.EffectiveStatus() == model.StatusRetired {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("rule %q is retired", rule.ID), "")
		return
	}
	a, err := s.cfg.Store.Acknowledge(r.Context(), store.Ack{RuleID: rule.ID, RuleHash: store.RuleHash(rule), PartyID: party.ID, Person: p.Actor(), RemoteAddr: addr})
	if err != nil {
		s.storeError(w, err)
		return
	}
	s.metrics.ack()
	writeJSON(w, http.StatusCreated, ackView{ID: a.ID, Rule: a.RuleID, RuleHash: a.RuleHash, Party: a.PartyID, Person: a.Person, CreatedAt: a.CreatedAt, Current: true})
}

// export serves the acknowledgements and the audit log for auditors. They
// name people and addresses, so a signed-in person is required.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	kind, format, _ := strings.Cut(file, ".")
	if (kind != store.KindAcknowledgements && kind != store.KindAudit) || (format != "csv" && format != "json") {
		writeError(w, http.StatusNotFound, "no such export: "+file, "acknowledgements.csv, acknowledgements.json, audit.csv or audit.json")
		return
	}
	if _, ok := s.person(r); !ok {
		writeError(w, http.StatusUnauthorized, "sign-in required", "exports name people; sign in to download them")
		return
	}
	if !s.needStore(w) {
		return
	}
	if err := s.cfg.Store.Ping(r.Context()); err != nil {
		s.storeError(w, err)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="`+file+`"`)
	var err error
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		err = s.cfg.Store.ExportCSV(r.Context(), w, kind)
	} else {
		h.Set("Content-Type", "application/json")
		err = s.cfg.Store.ExportJSON(r.Context(), w, kind)
	}
	if err != nil {
		s.log.Error("export failed", "kind", kind, "err", err) // the response is cut short
	}
}

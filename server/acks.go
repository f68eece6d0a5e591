package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/store"
)

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

func (s *Server) needStore(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.Store == nil {
		writeError(w, r, http.StatusServiceUnavailable, probUnavailable, "acknowledgements are disabled", "start the server with a database")
		return false
	}
	return true
}

func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrInvalid) {
		writeError(w, r, http.StatusBadRequest, probInvalidBody, err.Error(), "")
		return
	}
	s.log.Error("store", "err", err)
	writeError(w, r, http.StatusServiceUnavailable, probUnavailable, "the database is unavailable", "try again shortly")
}

func (s *Server) acknowledgements(w http.ResponseWriter, r *http.Request) {
	if !s.needStore(w, r) {
		return
	}
	st := s.current.Load()
	q := r.URL.Query()
	f := store.Filter{Party: q.Get("party"), Rule: q.Get("rule")}
	if f.Party != "" && st.model.PartyByID[f.Party] == nil {
		unknownID(w, r, unknownIn("party", f.Party, st.model.PartyByID), "party")
		return
	}
	if f.Rule != "" && st.model.RuleByID[f.Rule] == nil {
		unknownID(w, r, unknownIn("rule", f.Rule, st.model.RuleByID), "rule")
		return
	}
	acks, err := s.cfg.Store.Acknowledgements(r.Context(), f)
	if err != nil {
		s.storeError(w, r, err)
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
	if !s.needStore(w, r) {
		return
	}
	st := s.current.Load()
	ps, err := s.cfg.Store.Coverage(r.Context(), st.model)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	zs, err := s.cfg.Store.ZoneCoverage(r.Context(), st.model)
	if err != nil {
		s.storeError(w, r, err)
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
		writeError(w, r, http.StatusUnsupportedMediaType, probUnsupportedMedia, "the body must be JSON", "send Content-Type: application/json")
		return
	}
	p, ok := s.person(r)
	if !ok || p.Actor() == "" {
		writeError(w, r, http.StatusUnauthorized, probSignInRequired, "sign-in required", "sign in to acknowledge responsibilities")
		return
	}
	if !s.needStore(w, r) {
		return
	}
	var req ackRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, r, http.StatusRequestEntityTooLarge, probBodyTooLarge, "the body is too large", fmt.Sprintf("at most %d bytes", maxBody))
			return
		}
		writeError(w, r, http.StatusBadRequest, probInvalidBody, "the body is not a valid acknowledgement", `send {"rule": "RULE-ID", "party": "PARTY-ID"}`)
		return
	}
	if dec.More() {
		writeError(w, r, http.StatusBadRequest, probInvalidBody, "the body has more than one JSON value", `send {"rule": "RULE-ID", "party": "PARTY-ID"}`)
		return
	}
	st := s.current.Load()
	party := st.model.PartyByID[req.Party]
	if party == nil {
		unknownIDStatus(w, r, http.StatusBadRequest, unknownIn("party", req.Party, st.model.PartyByID), "party")
		return
	}
	rule := st.model.RuleByID[req.Rule]
	if rule == nil {
		unknownIDStatus(w, r, http.StatusBadRequest, unknownIn("rule", req.Rule, st.model.RuleByID), "rule")
		return
	}
	addr := remoteHost(r)
	if !p.MemberOf(party) {
		// Every refusal is audited; the log line names neither the person
		// nor the address.
		s.log.Warn("acknowledgement refused: not a member", "party", party.ID, "rule", rule.ID)
		if err := s.cfg.Store.Audit(r.Context(), p.Actor(), "acknowledge-refused", "rule/"+rule.ID, addr,
			map[string]any{"party": party.ID, "rule": rule.ID, "reason": "not a member of the party"}); err != nil {
			s.storeError(w, r, err)
			return
		}
		writeError(w, r, http.StatusForbidden, probForbidden, fmt.Sprintf("you are not a member of party %q", party.ID), "the party's members in the model list who may act for it")
		return
	}
	inRefs := func(rs model.Refs) bool {
		return slices.ContainsFunc(rs, func(x model.Ref) bool { return x.ID == party.ID })
	}
	if !inRefs(rule.Responsible) && !inRefs(rule.Accountable) {
		writeError(w, r, http.StatusBadRequest, probInvalidBody, fmt.Sprintf("party %q is neither responsible nor accountable in rule %q", party.ID, rule.ID),
			"GET /api/v1/coverage lists what each party holds")
		return
	}
	if rule.EffectiveStatus() == model.StatusRetired {
		writeError(w, r, http.StatusBadRequest, probInvalidBody, fmt.Sprintf("rule %q is retired", rule.ID), "")
		return
	}
	a, err := s.cfg.Store.Acknowledge(r.Context(), store.Ack{RuleID: rule.ID, RuleHash: store.RuleHash(rule), PartyID: party.ID, Person: p.Actor(), RemoteAddr: addr})
	if err != nil {
		s.storeError(w, r, err)
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
		writeError(w, r, http.StatusNotFound, probNoSuchEndpoint, "no such export: "+file, "acknowledgements.csv, acknowledgements.json, audit.csv or audit.json")
		return
	}
	if _, ok := s.person(r); !ok {
		writeError(w, r, http.StatusUnauthorized, probSignInRequired, "sign-in required", "exports name people; sign in to download them")
		return
	}
	if !s.needStore(w, r) {
		return
	}
	if err := s.cfg.Store.Ping(r.Context()); err != nil {
		s.storeError(w, r, err)
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

package server

import (
	"net/http"
	"slices"
	"sort"
	"strconv"

	"github.com/demarc-dev/demarc/model"
	"github.com/demarc-dev/demarc/resolve"
)

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
		unknownID(w, r, unknownIn("party", id, st.model.PartyByID), "")
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
	if !knownIDs(w, r, "party", "owner", owners, st.model.PartyByID) || !knownIDs(w, r, "landing zone", "landing_zone", zones, st.model.LandingZoneByID) ||
		!knownIDs(w, r, "provider", "provider", providers, st.model.ProviderByID) {
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
	t := st.model.TenantByID(id)
	if t == nil {
		unknownID(w, r, unknownTenant(st.model, id), "")
		return
	}
	d := tenantDetail{tenantView: viewTenant(t)}
	if pp := st.book.PartyByID(t.Owner.ID); pp != nil {
		v := viewParty(pp.Party, pp.Escalation)
		d.OwnerParty = &v
	}
	writeJSON(w, http.StatusOK, d)
}

// knownIDs answers 404, with a suggestion or the valid ids, for the first
// of ids that idx does not hold; param names the query parameter.
func knownIDs[T any](w http.ResponseWriter, r *http.Request, kind, param string, ids []string, idx map[string]T) bool {
	for _, id := range ids {
		if _, ok := idx[id]; !ok {
			unknownID(w, r, unknownIn(kind, id, idx), param)
			return false
		}
	}
	return true
}

// unknownIn describes id, missing from idx, as the resolver does.
func unknownIn[T any](kind, id string, idx map[string]T) *resolve.UnknownError {
	var cands []string
	if len(idx) <= resolve.MaxSuggestFrom { // past that, sorting on every 404 costs too much
		cands = make([]string, 0, len(idx))
		for k := range idx {
			cands = append(cands, k)
		}
		sort.Strings(cands)
	}
	return resolve.NewUnknownError(kind, id, cands, len(idx))
}

// unknownTenant describes a tenant id the model lacks; the tenants are
// kept sorted, so their ids need no map.
func unknownTenant(m *model.Model, id string) *resolve.UnknownError {
	var cands []string
	if len(m.Tenants) <= resolve.MaxSuggestFrom {
		cands = m.TenantIDs()
	}
	return resolve.NewUnknownError("tenant", id, cands, len(m.Tenants))
}

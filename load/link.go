package load

import (
	"cmp"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/demarc-dev/demarc/baseline"
	"github.com/demarc-dev/demarc/diag"
	"github.com/demarc-dev/demarc/model"
)

// Options control loading a model.
type Options struct {
	Limits Limits
}

// Dir loads the model in dir: reads its files, pulls in the baselines they
// use, merges everything and checks that every id is unique and every
// reference resolves. The model is returned even when there are errors, as
// complete as the input allows, so later stages can report more.
func Dir(dir string, opts Options) (*model.Model, diag.Diagnostics) {
	res, ds := ReadDir(dir, opts.Limits)
	m, lds := Build(res)
	m.Dir = filepath.Clean(dir)
	return m, append(ds, lds...)
}

// Build merges decoded files and the baselines they use into one model.
func Build(res *Result) (*model.Model, diag.Diagnostics) {
	var ds diag.Diagnostics
	m := model.New()
	for name, data := range res.Sources {
		m.Sources[name] = data
	}
	l := &linker{m: m, ds: &ds, seen: map[string]map[string]diag.Range{}}

	// Baselines first, so model files can override their elements by id.
	coreName, coreData := baseline.Core()
	l.addBaseline(coreName, coreData)
	m.Parties = append(m.Parties, &model.Party{
		ID: model.TenantOwner, Kind: model.KindApplication, Name: "Tenant owner",
		Description: "The application team that owns the tenant. Resolves to the tenant's owner when a tenant is asked about.",
		Placeholder: true, Builtin: coreName,
	})
	used := map[string]bool{}
	for _, f := range res.Files {
		for _, u := range f.Uses {
			if used[u.ID] {
				continue
			}
			data, ok := baseline.Get(u.ID)
			if !ok {
				d := ds.Add(diag.DanglingReference, u.Range, "unknown baseline %q", u.ID).
					WithDetail("Built-in baselines: %s.", strings.Join(baseline.Names(), ", "))
				if sug := diag.DidYouMean(u.ID, baseline.Names()); sug != "" {
					d.WithSuggestion(sug)
				}
				continue
			}
			used[u.ID] = true
			m.Uses = append(m.Uses, u.ID)
			l.addBaseline(u.ID, data)
		}
	}
	var orgPos diag.Range
	for _, f := range res.Files {
		if f.Organisation != nil {
			if orgPos.IsZero() {
				m.Organisation = *f.Organisation
				orgPos = f.Organisation.Pos
			} else {
				ds.Add(diag.DuplicateID, f.Organisation.Pos, "the organisation is defined twice").
					WithRelated("first defined here", orgPos).
					WithDetail("Keep one organisation block in one file.")
			}
		}
		l.addFile(f, "")
	}
	l.index()
	m.Incomplete = res.Incomplete
	if !res.Incomplete {
		l.checkReferences()
		l.addControls(res.Files)
		l.attachFacts(res.Files)
	}
	return m, ds
}

type linker struct {
	m  *model.Model
	ds *diag.Diagnostics
	// baselineIDs maps ids defined by baselines the model does not use to
	// the baseline's name, for hints; computed on first use.
	baselineIDs map[string]string
	// seen maps kind → id → where it was defined by a model file.
	seen map[string]map[string]diag.Range
}

func (l *linker) addBaseline(name string, data []byte) {
	file := "builtin:" + name + ".yaml"
	l.m.Sources[file] = data
	var ds diag.Diagnostics
	files := ParseYAML(file, data, DefaultLimits, &ds)
	if ds.HasErrors() {
		// A broken built-in is a bug in demarc, not in the user's model; say so.
		for _, d := range ds {
			d.Summary = "built-in baseline " + name + ": " + d.Summary
			d.Detail = "This is a bug in demarc; please report it."
			*l.ds = append(*l.ds, d)
		}
	}
	for _, f := range files {
		l.addFile(f, name)
	}
}

// add registers one element of a kind. Model elements replace built-in ones
// with the same id; two model elements with one id are an error.
func add[T model.Element](l *linker, kind string, list *[]T, el T, builtin string) {
	id, idPos, origin := el.Ident()
	*origin = builtin
	if id == "" {
		return // missing id already reported by the decoder
	}
	if l.seen[kind] == nil {
		l.seen[kind] = map[string]diag.Range{}
	}
	for i, prev := range *list {
		prevID, _, prevOrigin := prev.Ident()
		if prevID != id {
			continue
		}
		if *prevOrigin != "" {
			// The model overrides a baseline element, or a later baseline
			// refines an earlier one.
			(*list)[i] = el
			if builtin == "" {
				l.seen[kind][id] = idPos
			}
			return
		}
		l.ds.Add(diag.DuplicateID, idPos, "%s %q is defined more than once", kind, id).
			WithRelated("first defined here", l.seen[kind][id]).
			WithDetail("Ids must be unique per kind across all files of the model. Rename one, or remove the duplicate.")
		return
	}
	*list = append(*list, el)
	if builtin == "" {
		l.seen[kind][id] = idPos
	}
}

func addAll[T model.Element](l *linker, kind string, list *[]T, els []T, builtin string) {
	for _, e := range els {
		add(l, kind, list, e, builtin)
	}
}

func (l *linker) addFile(f *model.File, builtin string) {
	m := l.m
	addAll(l, "party", &m.Parties, f.Parties, builtin)
	addAll(l, "layer", &m.Layers, f.Layers, builtin)
	addAll(l, "service model", &m.ServiceModels, f.ServiceModels, builtin)
	addAll(l, "provider", &m.Providers, f.Providers, builtin)
	addAll(l, "service", &m.Services, f.Services, builtin)
	addAll(l, "landing zone", &m.LandingZones, f.LandingZones, builtin)
	addAll(l, "activity", &m.Activities, f.Activities, builtin)
	// Rules and tenants are never built in and are numerous: index, don't scan.
	for _, e := range f.Rules {
		l.addUnique("rule", e.ID, e.IDPos, func() { m.Rules = append(m.Rules, e) })
	}
	// Tenants, by the million, are checked for duplicates once sorted
	// (see uniqueTenants) rather than through a map of every id.
	for _, e := range f.Tenants {
		if e.ID != "" {
			m.Tenants = append(m.Tenants, e)
		}
	}
	for _, e := range f.Processes {
		l.addUnique("process", e.ID, e.IDPos, func() { m.Processes = append(m.Processes, e) })
	}
}

// uniqueTenants sorts the tenants by id and reports and drops every
// tenant whose id an earlier one (in file order) already has.
func (l *linker) uniqueTenants() {
	m := l.m
	slices.SortStableFunc(m.Tenants, func(a, b *model.Tenant) int { return strings.Compare(a.ID, b.ID) })
	kept := m.Tenants[:0]
	for _, t := range m.Tenants {
		if len(kept) > 0 && kept[len(kept)-1].ID == t.ID {
			l.ds.Add(diag.DuplicateID, t.IDPos(), "tenant %q is defined more than once", t.ID).
				WithRelated("first defined here", kept[len(kept)-1].IDPos()).
				WithDetail("Ids must be unique per kind across all files of the model. Rename one, or remove the duplicate.")
			continue
		}
		kept = append(kept, t)
	}
	clear(m.Tenants[len(kept):])
	m.Tenants = kept
}

func (l *linker) addUnique(kind, id string, pos diag.Range, appendFn func()) {
	if id == "" {
		return
	}
	if l.seen[kind] == nil {
		l.seen[kind] = map[string]diag.Range{}
	}
	if first, dup := l.seen[kind][id]; dup {
		l.ds.Add(diag.DuplicateID, pos, "%s %q is defined more than once", kind, id).
			WithRelated("first defined here", first).
			WithDetail("Ids must be unique per kind across all files of the model. Rename one, or remove the duplicate.")
		return
	}
	l.seen[kind][id] = pos
	appendFn()
}

// index sorts every list by a stable key — layers by order, everything
// else by id — so that no output depends on which file an element is
// written in or where in it, and builds the maps by id.
func (l *linker) index() {
	m := l.m
	slices.SortStableFunc(m.Layers, func(a, b *model.Layer) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return strings.Compare(a.ID, b.ID)
	})
	sortByID(m.Parties)
	// Service models in the order of how much of the stack the provider
	// holds (on-premises, IaaS, CaaS, PaaS, FaaS, SaaS), then by id.
	slices.SortStableFunc(m.ServiceModels, func(a, b *model.ServiceModel) int {
		if d := providerWeight(a) - providerWeight(b); d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
	sortByID(m.Providers)
	sortByID(m.Services)
	sortByID(m.LandingZones)
	sortByID(m.Activities)
	slices.SortFunc(m.Rules, func(a, b *model.Rule) int { return strings.Compare(a.ID, b.ID) })
	l.uniqueTenants()
	slices.SortFunc(m.Processes, func(a, b *model.Process) int { return strings.Compare(a.ID, b.ID) })
	indexByID(m.PartyByID, m.Parties)
	indexByID(m.LayerByID, m.Layers)
	indexByID(m.ServiceModelByID, m.ServiceModels)
	indexByID(m.ProviderByID, m.Providers)
	indexByID(m.ServiceByID, m.Services)
	indexByID(m.LandingZoneByID, m.LandingZones)
	indexByID(m.ActivityByID, m.Activities)
	for _, e := range m.Rules {
		m.RuleByID[e.ID] = e
	}
	for _, e := range m.Processes {
		m.ProcessByID[e.ID] = e
	}
	// Lists inside elements whose order means nothing: a landing zone's
	// services (by provider, then id), the activities a rule names, a
	// party's members and relations.
	provider := func(r model.Ref) string {
		if s := m.ServiceByID[r.ID]; s != nil {
			return s.Provider.ID
		}
		return ""
	}
	for _, z := range m.LandingZones {
		slices.SortStableFunc(z.Services, func(a, b model.Ref) int {
			return cmp.Or(strings.Compare(provider(a), provider(b)), strings.Compare(a.ID, b.ID))
		})
	}
	for _, r := range m.Rules {
		if r.Activities != nil {
			slices.SortStableFunc(r.Activities.IDs, func(a, b model.Ref) int { return strings.Compare(a.ID, b.ID) })
		}
	}
	for _, p := range m.Parties {
		slices.Sort(p.Members)
		slices.SortStableFunc(p.Relations, func(a, b *model.Relation) int {
			return cmp.Or(strings.Compare(a.Type, b.Type), strings.Compare(a.Party.ID, b.Party.ID))
		})
	}
}

// ref reports a reference that names no element of its kind.
func (l *linker) ref(r model.Ref, kind string, exists func(string) bool, candidates func() []string) {
	if !r.IsSet() || exists(r.ID) {
		return
	}
	d := l.ds.Add(diag.DanglingReference, r.Range, "unknown %s %q", kind, truncate(r.ID, 60))
	if name := l.definedByBaseline(r.ID); name != "" {
		d.WithDetail("The built-in baseline %q defines %s %q; add `uses: [%s]` to a model file to pull it in.", name, kind, r.ID, name)
	} else if sug := diag.DidYouMean(r.ID, candidates()); sug != "" {
		d.WithSuggestion(sug)
	} else {
		d.WithDetail("Define the %s, or use the id of an existing one.", kind)
	}
}

func keys[V any](m map[string]V) func() []string {
	return func() []string {
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
}

func has[V any](m map[string]V) func(string) bool {
	return func(id string) bool { _, ok := m[id]; return ok }
}

func (l *linker) checkReferences() {
	m := l.m
	party := func(r model.Ref) { l.ref(r, "party", has(m.PartyByID), keys(m.PartyByID)) }
	layer := func(r model.Ref) { l.ref(r, "layer", has(m.LayerByID), keys(m.LayerByID)) }
	layerKeys := func(borders map[string]diag.Range, fallback diag.Range) {
		for id, pos := range borders {
			if pos.IsZero() {
				pos = fallback
			}
			layer(model.Ref{ID: id, Range: pos})
		}
	}
	for _, p := range m.Parties {
		party(p.Parent)
		party(p.Escalation)
		for _, r := range p.Relations {
			party(r.Party)
		}
	}
	for _, sm := range m.ServiceModels {
		layerKeys(sm.BordersPos, sm.Pos)
	}
	for _, p := range m.Providers {
		if p.Party.IsSet() {
			party(p.Party)
		} else if m.PartyByID[p.ID] == nil {
			l.ds.Add(diag.DanglingReference, p.IDPos, "provider %q has no party", p.ID).
				WithDetail("Define a party with id %q and kind provider, or set `party:` to the party that holds the provider side.", p.ID)
		}
	}
	for _, s := range m.Services {
		l.ref(s.Provider, "provider", has(m.ProviderByID), keys(m.ProviderByID))
		l.ref(s.Model, "service model", has(m.ServiceModelByID), keys(m.ServiceModelByID))
		layerKeys(s.BordersPos, s.Pos)
	}
	for _, z := range m.LandingZones {
		party(z.Owner)
		for _, s := range z.Services {
			l.ref(s, "service", has(m.ServiceByID), keys(m.ServiceByID))
		}
	}
	for _, a := range m.Activities {
		layer(a.Layer)
		if ap := a.AppliesTo; ap != nil {
			for _, r := range ap.ServiceModels {
				l.ref(r, "service model", has(m.ServiceModelByID), keys(m.ServiceModelByID))
			}
			for _, r := range ap.Providers {
				l.ref(r, "provider", has(m.ProviderByID), keys(m.ProviderByID))
			}
			for _, r := range ap.Services {
				l.ref(r, "service", has(m.ServiceByID), keys(m.ServiceByID))
			}
		}
	}
	for _, r := range m.Rules {
		l.ref(r.Activity, "activity", has(m.ActivityByID), keys(m.ActivityByID))
		switch {
		case !r.Activity.IsSet() && r.Activities == nil:
			l.ds.Add(diag.MissingRequired, r.IDPos, "rule %q names no activity", r.ID).
				WithDetail("Add `activity: ID`, or `activities:` with ids, an area, a layer or `all: true`.")
		case r.Activity.IsSet() && r.Activities != nil:
			l.ds.Add(diag.InvalidValue, r.Activities.Pos, "rule %q has both activity and activities", r.ID).
				WithDetail("Use `activity:` for one activity or `activities:` for a selection, not both.")
		}
		if sel := r.Activities; sel != nil {
			for _, id := range sel.IDs {
				l.ref(id, "activity", has(m.ActivityByID), keys(m.ActivityByID))
			}
			layer(sel.Layer)
			if sel.Area != "" && !l.areaExists(sel.Area) {
				d := l.ds.Add(diag.DanglingReference, sel.Pos, "no activity has the area %q", sel.Area)
				if sug := diag.DidYouMean(sel.Area, l.areas()); sug != "" {
					d.WithSuggestion(sug)
				}
			}
			if len(sel.IDs) == 0 && sel.Area == "" && !sel.Layer.IsSet() && !sel.All {
				l.ds.Add(diag.MissingRequired, sel.Pos, "rule %q selects no activities", r.ID).
					WithDetail("Give ids, an area, a layer, or `all: true`.")
			}
		}
		if s := r.Scope; s != nil {
			l.ref(s.Provider, "provider", has(m.ProviderByID), keys(m.ProviderByID))
			l.ref(s.ServiceModel, "service model", has(m.ServiceModelByID), keys(m.ServiceModelByID))
			l.ref(s.Service, "service", has(m.ServiceByID), keys(m.ServiceByID))
			l.ref(s.LandingZone, "landing zone", has(m.LandingZoneByID), keys(m.LandingZoneByID))
			l.ref(s.Tenant, "tenant", func(id string) bool { return m.TenantByID(id) != nil }, m.TenantIDs)
		}
		for _, list := range [][]model.Ref{r.Responsible, r.Accountable, r.Consulted, r.Informed} {
			for _, p := range list {
				party(p)
			}
		}
		for _, a := range r.Approvals {
			party(a.Party)
		}
	}
	for _, t := range m.Tenants {
		l.ref(t.Ref(t.Provider), "provider", has(m.ProviderByID), keys(m.ProviderByID))
	}
	l.checkProcesses()
}

func (l *linker) areas() []string {
	set := map[string]bool{}
	for _, a := range l.m.Activities {
		if a.Area != "" {
			set[a.Area] = true
		}
	}
	return keys(set)()
}

func (l *linker) areaExists(area string) bool {
	for _, a := range l.m.Activities {
		if a.Area == area {
			return true
		}
	}
	return false
}

// definedByBaseline returns the name of an unused built-in baseline that
// defines id, or "".
func (l *linker) definedByBaseline(id string) string {
	if l.baselineIDs == nil {
		l.baselineIDs = map[string]string{}
		for _, name := range baseline.Names() {
			if slices.Contains(l.m.Uses, name) {
				continue
			}
			data, _ := baseline.Get(name)
			var ds diag.Diagnostics
			for _, f := range ParseYAML(name, data, DefaultLimits, &ds) {
				for _, p := range f.Parties {
					l.baselineIDs[p.ID] = name
				}
				for _, p := range f.Providers {
					l.baselineIDs[p.ID] = name
				}
				for _, s := range f.Services {
					l.baselineIDs[s.ID] = name
				}
			}
		}
	}
	return l.baselineIDs[id]
}

// providerWeight counts the layers a service model gives the provider, a
// shared layer as half.
func providerWeight(sm *model.ServiceModel) int {
	n := 0
	for _, side := range sm.Borders {
		switch side {
		case model.SideProvider:
			n += 2
		case model.SideShared:
			n++
		}
	}
	return n
}

func sortByID[T model.Element](list []T) {
	slices.SortFunc(list, func(a, b T) int {
		ia, _, _ := a.Ident()
		ib, _, _ := b.Ident()
		return strings.Compare(ia, ib)
	})
}

func indexByID[T model.Element](idx map[string]T, list []T) {
	for _, e := range list {
		id, _, _ := e.Ident()
		idx[id] = e
	}
}

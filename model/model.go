package model

import (
	"path/filepath"
	"slices"
	"strings"
)

// Model is the merged model of all files and the baselines they use. Slices
// keep definition order (baselines first, then files in path order); the
// maps index them by id. Load builds it; later stages only read it.
type Model struct {
	Organisation  Organisation
	Uses          []string
	Parties       []*Party
	Layers        []*Layer // sorted by Order
	ServiceModels []*ServiceModel
	Providers     []*Provider
	Services      []*Service
	LandingZones  []*LandingZone
	Activities    []*Activity
	Rules         []*Rule
	// Tenants are sorted by id, ids unique (the loader keeps them so):
	// TenantByID finds one by binary search, as a map of a million ids
	// would cost some 50 bytes per tenant for as long as the model lives.
	Tenants   []*Tenant
	Processes []*Process // by id
	// Controls are the control catalogues the model defines.
	Controls []*Control

	PartyByID        map[string]*Party
	LayerByID        map[string]*Layer
	ServiceModelByID map[string]*ServiceModel
	ProviderByID     map[string]*Provider
	ServiceByID      map[string]*Service
	LandingZoneByID  map[string]*LandingZone
	ActivityByID     map[string]*Activity
	RuleByID         map[string]*Rule
	ProcessByID      map[string]*Process

	// Sources holds the bytes of every file read, by the file name used in
	// diagnostic ranges, so renderers can print source snippets.
	Sources map[string][]byte
	// Dir is the model directory as it was given to the loader; file names
	// in ranges start with it.
	Dir string

	// Incomplete is set when a loader limit refused part of the input. The
	// model is then not checked: with files or tenants missing, nearly
	// every finding would only be a consequence of the limit.
	Incomplete bool
}

// New returns an empty model with its indexes allocated.
func New() *Model {
	return &Model{
		PartyByID:        map[string]*Party{},
		LayerByID:        map[string]*Layer{},
		ServiceModelByID: map[string]*ServiceModel{},
		ProviderByID:     map[string]*Provider{},
		ServiceByID:      map[string]*Service{},
		LandingZoneByID:  map[string]*LandingZone{},
		ActivityByID:     map[string]*Activity{},
		RuleByID:         map[string]*Rule{},
		ProcessByID:      map[string]*Process{},
		Sources:          map[string][]byte{},
	}
}

// ProviderParty returns the party that holds the provider side for provider
// id, or nil.
func (m *Model) ProviderParty(providerID string) *Party {
	p := m.ProviderByID[providerID]
	if p == nil {
		return nil
	}
	id := p.Party.ID
	if id == "" {
		id = p.ID
	}
	return m.PartyByID[id]
}

// Border returns who holds layer under service s: the service's override if
// any, else its model's border, else customer. Activities without a layer are
// always customer-side.
func (m *Model) Border(s *Service, layer string) Side {
	if layer == "" {
		return SideCustomer
	}
	if side, ok := s.Borders[layer]; ok {
		return side
	}
	if sm := m.ServiceModelByID[s.Model.ID]; sm != nil {
		if side, ok := sm.Borders[layer]; ok {
			return side
		}
	}
	return SideCustomer
}

// SourceRoot is the model directory, or for a model assembled without one
// the deepest directory holding every model file (built-in baselines
// aside), so outputs can show file names relative to it.
func (m *Model) SourceRoot() string {
	if m == nil {
		return ""
	}
	if m.Dir != "" {
		return m.Dir
	}
	root, first := "", true
	for name := range m.Sources {
		if strings.HasPrefix(name, "builtin:") {
			continue
		}
		dir := filepath.Dir(name)
		if first {
			root, first = dir, false
			continue
		}
		for root != "." && root != string(filepath.Separator) && !strings.HasPrefix(dir+string(filepath.Separator), root+string(filepath.Separator)) {
			root = filepath.Dir(root)
		}
	}
	return root
}

// RelName is a source file name relative to the model directory, as the
// JSON outputs show it: "rules/patching.yaml", never a temporary folder the
// model was extracted to. Names outside it, and built-in ones, are kept.
func (m *Model) RelName(name string) string {
	root := m.SourceRoot()
	if root == "" || root == "." || strings.HasPrefix(name, "builtin:") {
		return name
	}
	rel, err := filepath.Rel(root, name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return name
	}
	return filepath.ToSlash(rel)
}

// TenantByID returns the tenant with id, or nil.
func (m *Model) TenantByID(id string) *Tenant {
	i, ok := slices.BinarySearchFunc(m.Tenants, id, func(t *Tenant, id string) int { return strings.Compare(t.ID, id) })
	if !ok {
		return nil
	}
	return m.Tenants[i]
}

// TenantIDs returns the ids of the tenants, sorted.
func (m *Model) TenantIDs() []string {
	ids := make([]string, len(m.Tenants))
	for i, t := range m.Tenants {
		ids[i] = t.ID
	}
	return ids
}

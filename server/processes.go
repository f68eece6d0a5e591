package server

import (
	"errors"
	"net/http"

	"github.com/demarc-dev/demarc/view"
)

// processView is a process in the list of processes.
type processView struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Owner        string   `json:"owner"`
	Trigger      string   `json:"trigger,omitempty"`
	Steps        int      `json:"steps"`
	LandingZones []string `json:"landing_zones"`
}

// processes lists the processes of the model, by id.
func (s *Server) processes(w http.ResponseWriter, r *http.Request) {
	st := s.current.Load()
	out := make([]processView, 0, len(st.model.Processes))
	for _, p := range st.model.Processes {
		zones := view.ProcessZones(st.model, p)
		if zones == nil {
			zones = []string{}
		}
		out = append(out, processView{ID: p.ID, Name: p.Name, Owner: p.Owner.ID, Trigger: p.Trigger, Steps: len(p.Steps), LandingZones: zones})
	}
	writeJSON(w, http.StatusOK, out)
}

// process answers the runbook of one process for ?tenant= or
// ?landing_zone=, as `demarc who --process` prints it.
func (s *Server) process(w http.ResponseWriter, r *http.Request) {
	st := s.current.Load()
	id := r.PathValue("id")
	q := r.URL.Query()
	rb, err := view.ProcessRunbook(st.resolver, id, q.Get("landing_zone"), q.Get("tenant"))
	if err != nil {
		var upe *view.UnknownProcessError
		if errors.As(err, &upe) {
			unknownID(w, r, unknownIn("process", id, st.model.ProcessByID), "id")
			return
		}
		if t := q.Get("tenant"); t != "" && st.model.TenantByID(t) == nil {
			unknownID(w, r, unknownTenant(st.model, t), "tenant")
			return
		}
		if z := q.Get("landing_zone"); z != "" && st.model.LandingZoneByID[z] == nil {
			unknownID(w, r, unknownIn("landing zone", z, st.model.LandingZoneByID), "landing_zone")
			return
		}
		writeError(w, r, http.StatusBadRequest, probInvalidParameter, err.Error(), "name a tenant with ?tenant= or a landing zone with ?landing_zone=")
		return
	}
	writeJSON(w, http.StatusOK, rb)
}

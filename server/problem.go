package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/demarc-dev/demarc/resolve"
)

// problemBase prefixes the type of every problem: the section of docs/api.md
// that explains it.
const problemBase = "https://github.com/demarc-dev/demarc/blob/main/docs/api.md#"

// Problem types of the API (docs/api.md lists them).
const (
	probUnknownID        = "unknown-id"
	probUnknownParameter = "unknown-parameter"
	probMissingParameter = "missing-parameter"
	probInvalidParameter = "invalid-parameter"
	probTenantElsewhere  = "tenant-not-in-landing-zone"
	probTooManyCells     = "too-many-cells"
	probInvalidBody      = "invalid-body"
	probNoSuchEndpoint   = "no-such-endpoint"
	probSignInRequired   = "sign-in-required"
	probForbidden        = "forbidden"
	probUnavailable      = "unavailable"
	probBodyTooLarge     = "body-too-large"
	probUnsupportedMedia = "unsupported-media-type"
	probInternal         = "internal"
	probMethodNotAllowed = "method-not-allowed"
)

// problemTitles are the short, fixed summaries of each type (RFC 9457: the
// title does not change from occurrence to occurrence).
var problemTitles = map[string]string{
	probUnknownID:        "No such id in the model",
	probUnknownParameter: "Unknown query parameter",
	probMissingParameter: "Missing query parameter",
	probInvalidParameter: "Invalid query parameter",
	probTenantElsewhere:  "The tenant is not in that landing zone",
	probTooManyCells:     "The question matches too many cells",
	probInvalidBody:      "Invalid request body",
	probNoSuchEndpoint:   "No such endpoint",
	probSignInRequired:   "Sign-in required",
	probForbidden:        "Not allowed",
	probUnavailable:      "Temporarily unavailable",
	probBodyTooLarge:     "Request body too large",
	probUnsupportedMedia: "Unsupported media type",
	probInternal:         "Internal error",
	probMethodNotAllowed: "Method not allowed",
}

// problem is the body of every error of the API: RFC 9457 problem details
// (application/problem+json) with demarc's extension members.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
	// Hint says how to fix the request.
	Hint string `json:"hint,omitempty"`
	// Parameter names the query parameter or body field at fault.
	Parameter string `json:"parameter,omitempty"`
	// Suggestion is the valid id or parameter closest to the one given.
	Suggestion string `json:"suggestion,omitempty"`
	// Valid lists valid ids or parameter names (at most the first 20 ids
	// when there are more: ValidTotal says how many there are).
	Valid      []string `json:"valid,omitempty"`
	ValidTotal int      `json:"valid_total,omitempty"`
}

var problemType = []string{"application/problem+json"}

// writeProblem answers with p, filling its type URI, title and instance.
func writeProblem(w http.ResponseWriter, r *http.Request, kind string, p problem) {
	p.Type = problemBase + kind
	p.Title = problemTitles[kind]
	if p.Instance == "" && r != nil {
		p.Instance = r.URL.Path
	}
	body, err := marshalJSON(p)
	if err != nil { // cannot happen: the fields are strings and ints
		body = []byte(`{"type":"about:blank","title":"Internal error","status":500}`)
	}
	h := w.Header()
	h["Content-Type"] = problemType
	h["Cache-Control"] = noStore
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}

// writeError answers with a problem of kind: what went wrong (detail) and
// how to fix it (hint).
func writeError(w http.ResponseWriter, r *http.Request, code int, kind, detail, hint string) {
	writeProblem(w, r, kind, problem{Status: code, Detail: detail, Hint: hint})
}

// unknownID answers 404 for an id the model does not hold, with the closest
// id or the valid ones.
func unknownID(w http.ResponseWriter, r *http.Request, ue *resolve.UnknownError, param string) {
	unknownIDStatus(w, r, http.StatusNotFound, ue, param)
}

func unknownIDStatus(w http.ResponseWriter, r *http.Request, code int, ue *resolve.UnknownError, param string) {
	p := problem{Status: code, Detail: fmt.Sprintf("unknown %s %q", ue.Kind, ue.ID), Parameter: param,
		Suggestion: ue.Suggestion, Hint: unknownHint(ue.Kind, ue.Suggestion)}
	// Tenants are too many to list usefully: the hint names their listing.
	if ue.Suggestion == "" && len(ue.Valid) > 0 && ue.Kind != "tenant" {
		p.Valid = ue.Valid
		if ue.Total > len(ue.Valid) {
			p.ValidTotal = ue.Total
		}
		p.Hint = "valid lists the valid ids"
		if p.ValidTotal > 0 {
			p.Hint = fmt.Sprintf("valid lists the first %d of the %d valid ids; %s", len(p.Valid), ue.Total, listHint(ue.Kind))
		}
	}
	writeProblem(w, r, probUnknownID, p)
}

func unknownHint(kind, suggestion string) string {
	if suggestion != "" {
		return fmt.Sprintf("did you mean %q?", suggestion)
	}
	return listHint(kind)
}

// listHint says where the valid ids of kind are listed.
func listHint(kind string) string {
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

// paramOf names the query parameter that carries ids of kind.
func paramOf(kind string) string {
	return strings.ReplaceAll(kind, " ", "_")
}

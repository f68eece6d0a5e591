package fake

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

func (s *Server) paginate(r *http.Request, items []any) (int, any) {
	q := r.URL.Query()
	start, _ := strconv.Atoi(q.Get("start"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 || limit > s.pageLimit {
		limit = s.pageLimit
	}
	if start < 0 {
		start = 0
	}
	end := min(start+limit, len(items))
	page := []any{}
	if start < len(items) {
		page = items[start:end]
	}
	base := s.URL + s.contextPath
	links := map[string]any{"base": base, "context": s.contextPath}
	if end < len(items) {
		q.Set("start", strconv.Itoa(end))
		q.Set("limit", strconv.Itoa(limit))
		rel := strings.TrimPrefix(r.URL.Path, s.contextPath) + "?" + q.Encode()
		if s.contextPath != "" {
			links["next"] = rel // Cloud: relative to base
		} else {
			links["next"] = base + rel // Data Center: absolute
		}
	}
	return http.StatusOK, map[string]any{"results": page, "start": start, "limit": limit, "size": len(page), "_links": links}
}

func (s *Server) sorted(keep func(*page) bool) []*page {
	var out []*page
	for _, p := range s.pages {
		if keep(p) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *page) int { return cmpID(a.id, b.id) })
	return out
}

func (s *Server) listContent(r *http.Request) (int, any) {
	q := r.URL.Query()
	space, title := q.Get("spaceKey"), q.Get("title")
	if t := q.Get("type"); t != "" && t != "page" {
		return s.paginate(r, nil)
	}
	var items []any
	for _, p := range s.sorted(func(p *page) bool {
		return (space == "" || p.space == space) && (title == "" || p.title == title)
	}) {
		items = append(items, s.contentJSON(r, p))
	}
	return s.paginate(r, items)
}

// descendants lists the pages below id at any depth, read from the pages
// themselves (not the search index), as Confluence does.
func (s *Server) descendants(r *http.Request, id string) (int, any) {
	if s.pages[id] == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	below := func(p *page) bool {
		for a, n := p.parent, 0; a != "" && n < 1000; n++ {
			if a == id {
				return true
			}
			if s.pages[a] == nil {
				return false
			}
			a = s.pages[a].parent
		}
		return false
	}
	var items []any
	for _, p := range s.sorted(below) {
		items = append(items, s.contentJSON(r, p))
	}
	return s.paginate(r, items)
}

func (s *Server) search(r *http.Request) (int, any) {
	cql := r.URL.Query().Get("cql")
	if strings.TrimSpace(cql) == "" {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "cql is required")
	}
	type clause struct{ field, value string }
	var clauses []clause
	for _, part := range regexp.MustCompile(`(?i)\s+and\s+`).Split(cql, -1) {
		m := reClause.FindStringSubmatch(part)
		if m == nil {
			return http.StatusBadRequest, fail(http.StatusBadRequest, "Could not parse cql : %s", cql)
		}
		v := m[2] + m[3] + m[4]
		v = strings.NewReplacer(`\"`, `"`, `\'`, `'`, `\\`, `\`).Replace(v)
		clauses = append(clauses, clause{m[1], v})
	}
	var items []any
	for _, p := range s.sorted(func(p *page) bool {
		e, ok := s.index[p.id]
		if !ok {
			return false
		}
		for _, c := range clauses {
			switch c.field {
			case "label":
				if !slices.Contains(e.labels, c.value) {
					return false
				}
			case "space":
				if e.space != c.value {
					return false
				}
			case "type":
				if c.value != "page" {
					return false
				}
			case "title":
				if e.title != c.value {
					return false
				}
			case "parent":
				if p.parent != c.value {
					return false
				}
			}
		}
		return true
	}) {
		items = append(items, s.contentJSON(r, p))
	}
	return s.paginate(r, items)
}

func (s *Server) contentJSON(r *http.Request, p *page) map[string]any {
	expand := map[string]bool{}
	for _, e := range strings.Split(r.URL.Query().Get("expand"), ",") {
		expand[strings.TrimSpace(e)] = true
	}
	out := map[string]any{
		"id": p.id, "type": "page", "status": "current", "title": p.title,
		"space":   map[string]any{"key": p.space},
		"version": map[string]any{"number": p.version},
		"_links":  map[string]any{"webui": "/spaces/" + p.space + "/pages/" + p.id},
	}
	if expand["ancestors"] {
		var chain []any
		for id, n := p.parent, 0; id != "" && n < 1000; n++ {
			a := s.pages[id]
			if a == nil {
				break
			}
			chain = append([]any{map[string]any{"id": a.id, "type": "page", "title": a.title}}, chain...)
			id = a.parent
		}
		if chain == nil {
			chain = []any{}
		}
		out["ancestors"] = chain
	}
	if expand["body.storage"] {
		out["body"] = map[string]any{"storage": map[string]any{"value": p.body, "representation": "storage"}}
	}
	props := map[string]any{}
	for e := range expand {
		if key, ok := strings.CutPrefix(e, "metadata.properties."); ok && !s.noExpand {
			if pr := p.props[key]; pr != nil {
				props[key] = propJSON(key, pr)
			}
		}
	}
	meta := map[string]any{"properties": props, "_expandable": map[string]any{"labels": "", "currentuser": ""}}
	if expand["metadata.labels"] && !s.noExpand {
		labels := []any{}
		for _, l := range p.labels {
			labels = append(labels, map[string]any{"prefix": "global", "name": l, "id": l})
		}
		meta["labels"] = map[string]any{"results": labels, "start": 0, "limit": 200, "size": len(labels)}
		meta["_expandable"] = map[string]any{"currentuser": ""}
	}
	out["metadata"] = meta
	return out
}

func propJSON(key string, p *Property) map[string]any {
	return map[string]any{"key": key, "value": p.Value, "version": map[string]any{"number": p.Version}}
}

func (s *Server) listProperties(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	keys := make([]string, 0, len(p.props))
	for k := range p.props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var items []any
	for _, k := range keys {
		items = append(items, propJSON(k, p.props[k]))
	}
	return s.paginate(r, items)
}

func (s *Server) listLabels(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var items []any
	for _, l := range p.labels {
		items = append(items, map[string]any{"prefix": "global", "name": l, "id": l})
	}
	return s.paginate(r, items)
}

func (s *Server) attachmentJSON(f *file) map[string]any {
	return map[string]any{
		"id": f.ID, "type": "attachment", "status": "current", "title": f.Name,
		"version":    map[string]any{"number": f.Version},
		"metadata":   map[string]any{"comment": f.Comment, "mediaType": f.ContentType},
		"extensions": map[string]any{"mediaType": f.ContentType, "fileSize": len(f.Data)},
	}
}

func (s *Server) listAttachments(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	name := r.URL.Query().Get("filename")
	var items []any
	for _, fid := range p.files {
		if f := s.files[fid]; name == "" || f.Name == name {
			items = append(items, s.attachmentJSON(f))
		}
	}
	return s.paginate(r, items)
}

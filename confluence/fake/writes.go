package fake

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

type contentBody struct {
	ID        string                `json:"id"`
	Type      string                `json:"type"`
	Title     string                `json:"title"`
	Space     *struct{ Key string } `json:"space"`
	Ancestors []struct {
		ID string `json:"id"`
	} `json:"ancestors"`
	Body *struct {
		Storage *struct {
			Value          string `json:"value"`
			Representation string `json:"representation"`
		} `json:"storage"`
	} `json:"body"`
	Version *struct {
		Number int `json:"number"`
	} `json:"version"`
	Metadata *struct {
		Properties map[string]struct {
			Key   string          `json:"key"`
			Value json.RawMessage `json:"value"`
		} `json:"properties"`
	} `json:"metadata"`
}

func decode(r *http.Request, v any) *apiError {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fail(http.StatusUnsupportedMediaType, "Content-Type must be application/json, not %q", ct)
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 32<<20))
	if err := dec.Decode(v); err != nil {
		return fail(http.StatusBadRequest, "Could not parse the request body: %v", err)
	}
	return nil
}

// checkStorage parses a body the way Confluence does before storing it.
func checkStorage(body string) error {
	dec := xml.NewDecoder(strings.NewReader(`<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">` + body + `</root>`))
	dec.Strict = true
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func (s *Server) checkBody(b contentBody) *apiError {
	if b.Type != "page" {
		return fail(http.StatusBadRequest, "type must be page")
	}
	if strings.TrimSpace(b.Title) == "" {
		return fail(http.StatusBadRequest, "Title cannot be empty")
	}
	if len([]rune(b.Title)) > 255 {
		return fail(http.StatusBadRequest, "Title cannot be longer than 255 characters")
	}
	if b.Space == nil {
		return fail(http.StatusBadRequest, "Could not find space")
	}
	if _, ok := s.spaces[b.Space.Key]; !ok {
		return fail(http.StatusBadRequest, "Could not find space")
	}
	if b.Body == nil || b.Body.Storage == nil || b.Body.Storage.Representation != "storage" {
		return fail(http.StatusBadRequest, "a body in storage representation is required")
	}
	if err := checkStorage(b.Body.Storage.Value); err != nil {
		return fail(http.StatusBadRequest, "Error parsing xhtml: %v", err)
	}
	return nil
}

func (s *Server) parentOf(b contentBody, space string) (string, *apiError) {
	if len(b.Ancestors) == 0 {
		return "", nil
	}
	id := b.Ancestors[len(b.Ancestors)-1].ID
	p := s.pages[id]
	if p == nil || p.space != space {
		return "", fail(http.StatusBadRequest, "Could not find the parent page %s in space %s", id, space)
	}
	return id, nil
}

func (s *Server) createContent(r *http.Request) (int, any) {
	var b contentBody
	if e := decode(r, &b); e != nil {
		return e.status, e
	}
	if e := s.checkBody(b); e != nil {
		return e.status, e
	}
	if s.byTitle(b.Space.Key, b.Title) != nil {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "A page with this title already exists: A page already exists with the title %s in the space with key %s", b.Title, b.Space.Key)
	}
	parent, e := s.parentOf(b, b.Space.Key)
	if e != nil {
		return e.status, e
	}
	p := s.newPage(b.Space.Key, b.Title, parent, b.Body.Storage.Value)
	if b.Metadata != nil {
		for key, pr := range b.Metadata.Properties {
			if pr.Key != "" {
				key = pr.Key
			}
			p.props[key] = &Property{Value: pr.Value, Version: 1}
		}
	}
	s.indexPage(p)
	return http.StatusOK, s.contentJSON(r, p)
}

func (s *Server) updateContent(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var b contentBody
	if e := decode(r, &b); e != nil {
		return e.status, e
	}
	if b.Version == nil || b.Version.Number != p.version+1 {
		return http.StatusConflict, fail(http.StatusConflict, "Version must be incremented on update. Current version is: %d", p.version)
	}
	if e := s.checkBody(b); e != nil {
		return e.status, e
	}
	if b.Space.Key != p.space {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "Moving pages between spaces is not supported here")
	}
	if q := s.byTitle(p.space, b.Title); q != nil && q != p {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "A page with this title already exists: A page already exists with the title %s in the space with key %s", b.Title, p.space)
	}
	parent := p.parent
	if len(b.Ancestors) > 0 {
		var e *apiError
		if parent, e = s.parentOf(b, p.space); e != nil {
			return e.status, e
		}
		for a := parent; a != ""; a = s.pages[a].parent {
			if a == p.id {
				return http.StatusBadRequest, fail(http.StatusBadRequest, "A page cannot become its own descendant")
			}
		}
	}
	p.title, p.body, p.parent, p.version = b.Title, b.Body.Storage.Value, parent, p.version+1
	s.indexPage(p)
	return http.StatusOK, s.contentJSON(r, p)
}

// deleteContent moves a page to the trash; its children move up to its
// parent, as Confluence does.
func (s *Server) deleteContent(id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	for _, c := range s.pages {
		if c.parent == id {
			c.parent = p.parent
		}
	}
	for _, f := range p.files {
		delete(s.files, f)
	}
	delete(s.pages, id)
	delete(s.index, id)
	s.deleted = append(s.deleted, id)
	return http.StatusNoContent, nil
}

type propBody struct {
	Key     string          `json:"key"`
	Value   json.RawMessage `json:"value"`
	Version *struct {
		Number int `json:"number"`
	} `json:"version"`
}

func (s *Server) createProperty(r *http.Request, id, key string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var b propBody
	if e := decode(r, &b); e != nil {
		return e.status, e
	}
	if key == "" {
		key = b.Key
	}
	if key == "" || len(b.Value) == 0 {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "a property needs a key and a value")
	}
	if p.props[key] != nil {
		return http.StatusConflict, fail(http.StatusConflict, "A property with key %s already exists", key)
	}
	p.props[key] = &Property{Value: b.Value, Version: 1}
	return http.StatusOK, propJSON(key, p.props[key])
}

func (s *Server) updateProperty(r *http.Request, id, key string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var b propBody
	if e := decode(r, &b); e != nil {
		return e.status, e
	}
	if b.Version == nil {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "version is required")
	}
	old := p.props[key]
	if old == nil {
		if b.Version.Number != 1 {
			return http.StatusNotFound, fail(http.StatusNotFound, "Cannot find property with key: %s", key)
		}
		p.props[key] = &Property{Value: b.Value, Version: 1}
		return http.StatusOK, propJSON(key, p.props[key])
	}
	if b.Version.Number != old.Version+1 {
		return http.StatusConflict, fail(http.StatusConflict, "Version must be incremented on update. Current version is: %d", old.Version)
	}
	old.Value, old.Version = b.Value, old.Version+1
	return http.StatusOK, propJSON(key, old)
}

func (s *Server) addLabels(r *http.Request, id string) (int, any) {
	p := s.pages[id]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", id)
	}
	var labels []struct{ Prefix, Name string }
	if e := decode(r, &labels); e != nil {
		return e.status, e
	}
	for _, l := range labels {
		if l.Name == "" || strings.ContainsAny(l.Name, " \t\n:") {
			return http.StatusBadRequest, fail(http.StatusBadRequest, "Invalid label: %q", l.Name)
		}
		if !slices.Contains(p.labels, l.Name) {
			p.labels = append(p.labels, l.Name)
		}
	}
	s.indexPage(p)
	return s.listLabels(r, id)
}

func (s *Server) upload(r *http.Request, pageID, attID string) (int, any) {
	if t := r.Header.Get("X-Atlassian-Token"); t != "no-check" && t != "nocheck" {
		return http.StatusForbidden, fail(http.StatusForbidden, "XSRF check failed")
	}
	p := s.pages[pageID]
	if p == nil {
		return http.StatusNotFound, fail(http.StatusNotFound, "No content found with id: ContentId{id=%s}", pageID)
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "Could not parse the multipart request: %v", err)
	}
	fhs := r.MultipartForm.File["file"]
	if len(fhs) != 1 {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "exactly one file part named file is required")
	}
	fh := fhs[0]
	rd, err := fh.Open()
	if err != nil {
		return http.StatusBadRequest, fail(http.StatusBadRequest, "cannot read the file part")
	}
	data, _ := io.ReadAll(rd)
	rd.Close()
	comment := strings.Join(r.MultipartForm.Value["comment"], "")
	ctype := fh.Header.Get("Content-Type")
	if s.bumpAttach {
		p.version++
	}
	if attID == "" {
		for _, fid := range p.files {
			if s.files[fid].Name == fh.Filename {
				return http.StatusBadRequest, fail(http.StatusBadRequest, "Cannot add a new attachment with same file name as an existing attachment: %s", fh.Filename)
			}
		}
		s.nextID++
		f := &file{File: File{ID: strconv.Itoa(s.nextID), Name: fh.Filename, ContentType: ctype, Comment: comment, Data: data, Version: 1}, pageID: pageID}
		s.files[f.ID] = f
		p.files = append(p.files, f.ID)
		return http.StatusOK, map[string]any{"results": []any{s.attachmentJSON(f)}, "size": 1}
	}
	f := s.files[attID]
	if f == nil || f.pageID != pageID {
		return http.StatusNotFound, fail(http.StatusNotFound, "No attachment %s on content %s", attID, pageID)
	}
	f.Data, f.ContentType, f.Comment, f.Version = data, ctype, comment, f.Version+1
	if fh.Filename != "" {
		f.Name = fh.Filename
	}
	return http.StatusOK, s.attachmentJSON(f)
}

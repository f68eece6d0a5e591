package site

import (
	"bytes"
	"encoding/xml"
	"html/template"
	"io"
	"strings"
)

// svg returns an SVG document prepared for inlining into a page: only
// drawing elements and presentation attributes are kept (no script, style,
// event handler, link, foreign content or external reference), so a chart
// cannot run code or break the page's Content-Security-Policy whatever text
// it holds. A document that does not parse is replaced by a note. label
// names the picture for assistive technology when the document has no
// title.
func (s *site) svg(doc []byte, id, label string) template.HTML {
	out, err := sanitizeSVG(doc)
	if err != nil || len(out) == 0 {
		return template.HTML(`<p class="muted" id="` + esc(id) + `">` + esc(label) + `: the picture could not be drawn.</p>`)
	}
	return template.HTML(out)
}

var svgElements = map[string]bool{
	"svg": true, "g": true, "title": true, "desc": true, "defs": true,
	"rect": true, "circle": true, "ellipse": true, "line": true, "polyline": true,
	"polygon": true, "path": true, "text": true, "tspan": true,
	"pattern": true, "marker": true, "clipPath": true, "mask": true,
	"linearGradient": true, "radialGradient": true, "stop": true, "symbol": true,
}

var svgAttributes = map[string]bool{
	"id": true, "class": true, "role": true, "aria-label": true, "aria-labelledby": true,
	"aria-describedby": true, "aria-hidden": true, "focusable": true, "lang": true,
	"width": true, "height": true, "viewBox": true, "preserveAspectRatio": true, "xmlns": true,
	"x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true, "cx": true, "cy": true,
	"r": true, "rx": true, "ry": true, "d": true, "points": true, "dx": true, "dy": true,
	"transform": true, "fill": true, "fill-opacity": true, "fill-rule": true, "opacity": true,
	"stroke": true, "stroke-width": true, "stroke-dasharray": true, "stroke-dashoffset": true,
	"stroke-linecap": true, "stroke-linejoin": true, "stroke-opacity": true, "stroke-miterlimit": true,
	"font-family": true, "font-size": true, "font-weight": true, "font-style": true,
	"text-anchor": true, "dominant-baseline": true, "alignment-baseline": true, "letter-spacing": true,
	"text-decoration": true, "textLength": true, "lengthAdjust": true,
	"clip-path": true, "clip-rule": true, "mask": true, "marker-start": true, "marker-mid": true, "marker-end": true,
	"markerWidth": true, "markerHeight": true, "markerUnits": true, "refX": true, "refY": true, "orient": true,
	"patternUnits": true, "patternContentUnits": true, "patternTransform": true,
	"gradientUnits": true, "gradientTransform": true, "offset": true, "stop-color": true, "stop-opacity": true,
	"vector-effect": true, "shape-rendering": true, "paint-order": true, "visibility": true, "display": true,
}

// sanitizeSVG re-serialises an SVG document keeping only allowed elements
// and attributes. Disallowed elements are dropped with their content.
func sanitizeSVG(doc []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	var out bytes.Buffer
	out.Grow(len(doc))
	skip := 0     // depth inside a dropped element
	open := false // a start tag is written up to its attributes
	depth := 0    // depth of kept elements
	root := false // the root svg element was seen
	closeOpen := func() {
		if open {
			out.WriteByte('>')
			open = false
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 || !svgElements[t.Name.Local] || (depth == 0 && (root || t.Name.Local != "svg")) {
				skip++
				continue
			}
			root = true
			closeOpen()
			depth++
			out.WriteByte('<')
			out.WriteString(t.Name.Local)
			for _, a := range t.Attr {
				name := a.Name.Local
				if a.Name.Space != "" || !svgAttributes[name] || !safeSVGValue(a.Value) {
					continue
				}
				out.WriteByte(' ')
				out.WriteString(name)
				out.WriteString(`="`)
				out.Write(appendEscaped(out.AvailableBuffer(), a.Value))
				out.WriteByte('"')
			}
			open = true
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			depth--
			if open {
				out.WriteString("/>")
				open = false
			} else {
				out.WriteString("</")
				out.WriteString(t.Name.Local)
				out.WriteByte('>')
			}
		case xml.CharData:
			if skip > 0 || depth == 0 {
				continue
			}
			closeOpen()
			out.Write(appendEscaped(out.AvailableBuffer(), string(t)))
		}
	}
	if depth != 0 || !root {
		return nil, io.ErrUnexpectedEOF
	}
	return out.Bytes(), nil
}

// safeSVGValue refuses attribute values that could reference anything but
// the document itself.
func safeSVGValue(v string) bool {
	l := strings.ToLower(v)
	if strings.Contains(l, "url(") {
		for rest := l; ; {
			i := strings.Index(rest, "url(")
			if i < 0 {
				break
			}
			rest = strings.TrimLeft(rest[i+4:], " '\"")
			if !strings.HasPrefix(rest, "#") {
				return false
			}
		}
	}
	return !strings.Contains(l, "javascript:") && !strings.Contains(l, "expression(")
}

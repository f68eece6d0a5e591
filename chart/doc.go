// Package chart renders the pictures of a publication as standalone SVG:
// the layered responsibility chart of a landing zone, the stakeholder map,
// the stakeholder relations graph and the org chart.
//
// Every function is pure: it reads a value of package view and returns the
// bytes of one SVG document, the same bytes for the same input, so
// publications are reproducible and golden tests are exact.
//
// The documents are made to be published anywhere, including offline and
// inside pages that hold untrusted text:
//
//   - vector only, no raster images, no scripts, no event handlers, no
//     style sheets and no external references of any kind (fonts, images,
//     links); the only references are to definitions inside the document;
//   - a system font stack, so nothing is fetched to draw text;
//   - every text taken from the model is escaped, so a name such as
//     "<script>" or "]]>" shows as written and cannot end the document;
//   - role="img" with a <title> and a <desc> that summarises the picture for
//     screen readers, and a <title> tooltip on every mark;
//   - colours from a colour-blind-safe palette (Colors), each drawn with the
//     black or white text that contrasts with it by at least 4.5:1.
//
// Layouts use a fixed estimate of text widths, never the fonts of the
// machine, and wrap or stack labels so that they do not overlap at any
// model size.
package chart

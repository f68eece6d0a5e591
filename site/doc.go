// Package site publishes a book (package view) as a static documentation
// site: an overview, a page per party ("what my team must do"), per
// service, per landing zone with its responsibility chart, per activity
// and per provider, the decisions log, the stakeholder map, the org chart,
// a glossary and a search page.
//
// The site works offline: from file:// as well as from any static host, in
// any folder, because every link is relative and nothing is requested from
// another host. Its style sheet and script are embedded in the binary and
// written next to the pages; the search index is a script that assigns a
// global, since browsers do not let pages fetch files over file://. A
// Content-Security-Policy allows scripts, styles and images from the site
// only, so pages carry no inline script or style. Pages read fully without
// JavaScript; the script only adds search and table filters.
//
// Everything taken from the model is escaped. Markdown fields (descriptions
// and rationales) are rendered without raw HTML, and links in them are kept
// only for http, https and mailto addresses.
//
// Build renders pages on a bounded pool of workers. Tables that grow with
// the model (a party's duties, a service's split, a landing zone's
// activities, the decisions log) are written directly from precomputed,
// escaped fragments rather than through a template per row. Pages stay
// bounded: lists of services in a group are shortened, and when a party's
// duties or a service's split would run to thousands of rows the page
// shows a summary (roles per activity and landing zone; the accountable
// parties per activity) and leaves the detail to the activity and landing
// zone pages. A site of an enterprise-size model (200 parties, 600
// services, 12 landing zones, 400 activities, 5,000 rules) builds in a
// second or two. Output depends only on the book, so building twice gives
// identical files.
package site

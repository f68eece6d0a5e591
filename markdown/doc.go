// Package markdown publishes a book (package view) as a tree of Markdown
// pages with an mkdocs.yml: the form MkDocs builds into a site, Backstage
// TechDocs takes as a documentation source, and git wikis show as they are.
//
// The layout is fixed so links into it stay valid from one export to the
// next:
//
//	mkdocs.yml                      site name, docs_dir docs, the complete nav
//	docs/index.md                   overview and the model's health
//	docs/parties/<id>.md            what a party is responsible for, by landing zone and layer
//	docs/services/<id>.md           a service's provider border and split of duties
//	docs/landing-zones/<id>.md      a landing zone, with its chart (<id>.svg) and the chart as a table
//	docs/activities/<id>.md         an activity resolved across the landing zones
//	docs/decisions.md               every rule with rationale and approvals
//	docs/stakeholders.md            stakeholder map and relations (+ stakeholders.svg, relations.svg)
//	docs/org-chart.md               org chart (+ org-chart.svg)
//	docs/glossary.md                the terms used
//
// Model text is untrusted. Names and other plain text go through Text, which
// escapes the Markdown syntax of both Python-Markdown (MkDocs) and
// CommonMark/GFM and turns <, > and & into entities; descriptions and
// rationales, which are Markdown, go through Markdown, which keeps their
// formatting but removes raw HTML, unsafe link destinations and headings.
// Text that MkDocs themes put into HTML unescaped (the site name and nav
// titles) goes through Title. Links between pages are relative links to .md
// files, so `mkdocs build --strict` checks every one of them.
package markdown

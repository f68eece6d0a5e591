// Package view arranges a checked, resolved model for reading: one value per
// page that publications show (overview, party, service, landing zone,
// activity, decisions log, stakeholder map, org chart, glossary), with the
// resolved responsibilities aggregated so a page stays readable — and its
// size bounded — at enterprise scale.
//
// Every output (the static site, Markdown, Confluence, spreadsheets) renders
// from these values, so they always say the same thing.
package view

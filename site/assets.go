package site

import _ "embed"

// The style sheet and script are written next to the pages, so the site
// needs nothing from another host.
var (
	//go:embed assets/site.css
	siteCSS []byte
	//go:embed assets/site.js
	siteJS []byte
	//go:embed assets/favicon.svg
	favicon []byte
)

// Package confluence publishes a book (package view) as a tree of Confluence
// pages: Pages arranges the book as pages in Confluence's storage format,
// and Publish makes them exist in a space, writing only what changed.
//
// # API
//
// demarc talks to the REST API v1 content resources, because they are the
// one API that Confluence Cloud and Confluence Data Center share: on Cloud
// below https://SITE.atlassian.net/wiki/rest/api, on Data Center below
// https://HOST[/CONTEXT]/rest/api. Config.BaseURL is the part before
// /rest/api. (Cloud's REST v2 under /wiki/api/v2 has no Data Center
// counterpart and no CQL search.) The requests used:
//
//	GET    /rest/api/space/{key}?expand=homepage        the space exists; its home page
//	GET    /rest/api/content/{id}?expand=space          the parent page, by id
//	GET    /rest/api/content?spaceKey=&title=&type=page a page by title (parent; titles taken)
//	GET    /rest/api/content/search?cql=…&expand=…      pages labelled demarc-managed in the space
//	GET    /rest/api/content/{id}/descendant/page?expand=…  the pages below the parent (when search lags)
//	GET    /rest/api/content/{id}/label                 a page's labels (when not expanded)
//	POST   /rest/api/content                            create a page, with its demarc property
//	PUT    /rest/api/content/{id}                       update a page: version.number = current + 1
//	DELETE /rest/api/content/{id}                       delete an orphaned page (to the trash)
//	GET    /rest/api/content/{id}/property/demarc       read the marker
//	POST   /rest/api/content/{id}/property              create the marker (if create dropped it)
//	PUT    /rest/api/content/{id}/property/demarc       update the marker: version.number = current + 1
//	POST   /rest/api/content/{id}/label                 add the demarc-managed label
//	GET    /rest/api/content/{id}/child/attachment?filename=   find an attachment
//	POST   /rest/api/content/{id}/child/attachment             add an attachment (multipart)
//	POST   /rest/api/content/{id}/child/attachment/{att}/data  new data for an attachment (multipart)
//
// Lists are followed through _links.next, which Cloud gives relative to the
// base URL (with a cursor) and Data Center as an absolute URL (with
// start/limit); a next link to another host is refused so the credentials
// never leave the site. Multipart uploads carry X-Atlassian-Token: no-check,
// without which Confluence refuses them as cross-site requests (403).
//
// # Credentials
//
// Cloud uses HTTP Basic with the account's e-mail and an API token; Data
// Center uses a personal access token as a Bearer token. AuthFromEnv reads
// them from DEMARC_CONFLUENCE_EMAIL and DEMARC_CONFLUENCE_TOKEN, or
// DEMARC_CONFLUENCE_PAT, or a credentials file only its owner can read.
// Auth redacts the token whenever it is printed, and errors scrub it from
// anything a server sends back.
//
// # Idempotence
//
// Every page Publish creates carries the label demarc-managed and the
// content property "demarc": its key (party/cloud-foundation, …), the parent
// page it was published below, the hash of its title, place and body, the
// page version written and the hashes of its attachments. A publish finds
// the pages by the label (CQL: label = "demarc-managed" and space = "KEY"),
// so renamed titles update pages instead of duplicating them; leaves pages
// whose hash, version and place match alone; updates changed pages with the
// next version number; uploads only new or changed attachments; and reports
// pages of removed elements as orphaned, deleting them only with
// Config.DeleteRemoved. A page without the marker is never changed or
// deleted: a title taken by such a page stops the publish before any write.
//
// Each step can be repeated, so a publish that stopped (an error, a
// cancelled context, a lost response) is completed by running it again: a
// page not yet in the search index is found by listing the parent's
// descendants (one request per 100 pages, read from the pages themselves,
// not the index), and one moved elsewhere by its title, and adopted; the
// label is written again only to a page that really lacks it, and that
// counts as a label restored (Plan.Labelled), not as an update: only
// changes of title, place or body are updates; a create whose response was lost finds its page
// on retry; an attachment that exists is updated rather than added twice.
//
// Requests throttled (429) or failed on the server (500, 502, 503, 504) are
// retried up to Config.MaxRetries times, waiting as Retry-After says
// (seconds or an HTTP date) or with exponential backoff and jitter, never
// longer than Config.MaxWait at once, and stopping when the context ends.
// Errors (*Error) say what failed, on which page, the HTTP status,
// Confluence's message and a hint.
package confluence

package site

import (
	"encoding/hex"
	"hash/fnv"
	"strings"
)

// Page locations. Entity pages sit one folder deep; every link is relative
// to the page it is on, so the site works in any folder and over file://.
const (
	dirParties    = "parties"
	dirServices   = "services"
	dirZones      = "landing-zones"
	dirActivities = "activities"
	dirProviders  = "providers"
	dirAssets     = "assets"

	fileCSS    = "assets/site.css"
	fileJS     = "assets/site.js"
	fileIndex  = "assets/search-index.js"
	fileColors = "assets/colors.css"
	fileIcon   = "assets/favicon.svg"
)

// stem returns a safe file name stem (and fragment id) for a model id.
// Ids that follow the model's id pattern are used as they are; anything
// else (a model with errors is still published) becomes a readable slug
// with a hash, so no id can escape its folder or collide with another.
func stem(id string) string {
	if safeID(id) && !reserved[id] {
		return id
	}
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		if b.Len() >= 40 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	slug := strings.Trim(b.String(), "-")
	if slug == "" {
		slug = "id"
	}
	return slug + "-" + hex.EncodeToString(h.Sum(nil))[:10]
}

func safeID(id string) bool {
	if id == "" || len(id) > 100 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '.' || c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return id[len(id)-1] != '.'
}

// reserved are names some file systems refuse as file names.
var reserved = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true, "index": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "lpt1": true, "lpt2": true, "lpt3": true,
}

package diag

import (
	"fmt"
	"strings"
)

// explanations holds the long help of every code, shown by `demarc explain`
// and carried as rule help in SARIF. Each text says what the code means, why
// it matters for a shared responsibility model, shows YAML that triggers it
// and how to fix it. The texts are Markdown that also reads well as plain
// text: code blocks use ~~~ fences (raw strings cannot hold backticks) and
// keys are written in double quotes.
var explanations = merged(readingExplanations, modelExplanations, resolutionExplanations, hygieneExplanations)

// merged joins the explanation tables of the code groups into one map,
// which the codes of other topics extend in their own init functions.
func merged(tables ...map[Code]string) map[Code]string {
	out := map[Code]string{}
	for _, t := range tables {
		for c, text := range t {
			out[c] = text
		}
	}
	return out
}

// severityFooter tells how to change the severity of c, with an example
// that moves it one step (errors to warnings, warnings to errors, infos off).
func severityFooter(info *CodeInfo) string {
	to := "warning"
	switch info.Severity {
	case Warning:
		to = "error"
	case Info:
		to = "off"
	}
	return fmt.Sprintf(`Default severity: %s. A model can change it in the file .demarc.yaml of
its directory, by code or by name, to error, warning, info or off:

~~~yaml
severity:
  %s: %s        # or: %s: %s
~~~`, info.Severity, info.Code, to, info.Name, to)
}

func init() {
	for code, text := range explanations {
		info := registry[code]
		if info == nil {
			continue // diag's own tests report explanations of unknown codes
		}
		text = strings.TrimSpace(text)
		// Reading errors (DM0xx) mean the model could not be read as
		// written; lowering their severity would not make it load, so
		// their help does not suggest it.
		if !strings.HasPrefix(string(code), "DM0") {
			text += "\n\n" + severityFooter(info)
		}
		info.Explain = text
	}
}

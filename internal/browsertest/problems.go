package browsertest

import (
	"fmt"
	"strings"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
)

// Problem describes a browser event a page test fails on: a console error,
// warning or failed assertion, an uncaught exception, an error or warning
// in the browser's log, a failed request, an HTTP error status, or a
// dialog. url is the address concerned, if any, so that a test can excuse
// some (a favicon the browser asks for on its own, say); urls maps request
// ids to the addresses requested, for failed requests. Any other event
// gives "".
func Problem(ev any, urls map[network.RequestID]string) (problem, url string) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			return fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")), ""
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		desc := d.Text
		if d.Exception != nil {
			desc += " " + d.Exception.Description
		}
		return fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, desc), d.URL
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
			return fmt.Sprintf("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL), ev.Entry.URL
		}
	case *network.EventLoadingFailed:
		u := urls[ev.RequestID]
		return fmt.Sprintf("request failed: %s: %s %s", u, ev.ErrorText, ev.BlockedReason), u
	case *network.EventResponseReceived:
		if ev.Response != nil && ev.Response.Status >= 400 {
			return fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL), ev.Response.URL
		}
	case *page.EventJavascriptDialogOpening:
		return fmt.Sprintf("a %s dialog opened: %q", ev.Type, ev.Message), ev.URL
	}
	return "", ""
}

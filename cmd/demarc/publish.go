package main

import (
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/demarc-dev/demarc/confluence"
	"github.com/demarc-dev/demarc/report"
)

func newPublishCmd(st *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "publish",
		Short: "Publish the model to a documentation system",
	}
	c.AddCommand(newPublishConfluenceCmd(st))
	return c
}

func newPublishConfluenceCmd(st *streams) *cobra.Command {
	var (
		cfg         confluence.Config
		credentials string
		force       bool
	)
	mdir := &modelDir{}
	c := &cobra.Command{
		Use:   "confluence [DIR]",
		Short: "Publish the model as a page tree in a Confluence space",
		Long: `Publish writes the model's pages (overview, parties, services, landing zones
with their charts as attachments, activities, decisions, stakeholders, org
chart, glossary) as a page tree under a parent page in a Confluence space, in
Confluence storage format. It works with Confluence Cloud and Data Center.

Credentials never come from flags. Set DEMARC_CONFLUENCE_EMAIL and
DEMARC_CONFLUENCE_TOKEN (Cloud: e-mail and API token), or DEMARC_CONFLUENCE_PAT
(Data Center: personal access token), or write them to a credentials file
(--credentials, default ~/.config/demarc/credentials.yaml, mode 0600).

Publishing is idempotent: pages demarc manages carry the label
demarc-managed and a content property, unchanged pages are not touched,
changed pages get the next version. Pages of removed model elements are
reported, and deleted only with --delete-removed; pages demarc did not create
are never touched. --dry-run prints the plan and writes nothing. Throttling
(429) and server errors are retried with backoff, honouring Retry-After.
Deleted pages go to the space's trash, so they can be restored.`,
		Example: `  export DEMARC_CONFLUENCE_EMAIL=you@example.com DEMARC_CONFLUENCE_TOKEN=...
  demarc publish confluence model --url https://example.atlassian.net/wiki --space CLOUD --parent 123456 --dry-run`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := mdir.get(args, 0)
			if err != nil {
				return err
			}
			if cfg.BaseURL == "" {
				cfg.BaseURL = os.Getenv("DEMARC_CONFLUENCE_URL")
			}
			if cfg.BaseURL == "" || cfg.Space == "" {
				return withHint(fmt.Errorf("--url and --space are required"), "demarc publish confluence --url https://example.atlassian.net/wiki --space KEY --parent PAGE-ID")
			}
			auth, err := confluence.AuthFromEnv(os.Getenv, credentials)
			if err != nil {
				return err
			}
			cfg.Auth = auth
			p, err := publish(st, dir, force)
			if err != nil {
				return err
			}
			cfg.Log = st.out
			if f, ok := st.err.(*os.File); ok && report.ColorEnabled(f) {
				cfg.Progress = progressBar(st)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			plan, err := confluence.Publish(ctx, cfg, confluence.Pages(p.book))
			if cfg.Progress != nil {
				fmt.Fprintln(st.err)
			}
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			verb := "Published"
			if cfg.DryRun {
				verb = "Dry run, nothing written:"
			}
			fmt.Fprintf(st.out, "%s %d created, %d updated, %d unchanged, %d attachments, %d orphaned (%d deleted).\n",
				verb, len(plan.Create), len(plan.Update), len(plan.Unchanged), len(plan.Attachments), len(plan.Orphaned), len(plan.Deleted))
			if len(plan.Labelled) > 0 {
				fmt.Fprintf(st.out, "%d unchanged page(s) had lost the %s label; it was restored.\n", len(plan.Labelled), confluence.Label)
			}
			if len(plan.Orphaned) > len(plan.Deleted) && !cfg.DeleteRemoved {
				fmt.Fprintln(st.out, "Orphaned pages belong to elements no longer in the model; delete them with --delete-removed.")
			}
			return nil
		},
	}
	c.Flags().StringVar(&cfg.BaseURL, "url", "", "Confluence base URL, e.g. https://example.atlassian.net/wiki (default $DEMARC_CONFLUENCE_URL)")
	c.Flags().StringVar(&cfg.Space, "space", "", "space key")
	c.Flags().StringVar(&cfg.Parent, "parent", "", "id or title of the page to publish under (default: the space's home page)")
	c.Flags().BoolVar(&cfg.DryRun, "dry-run", false, "print the plan and write nothing")
	c.Flags().BoolVar(&cfg.DeleteRemoved, "delete-removed", false, "delete pages of model elements that no longer exist")
	c.Flags().StringVar(&credentials, "credentials", "", "credentials file (default: environment, then ~/.config/demarc/credentials.yaml)")
	c.Flags().IntVar(&cfg.MaxRetries, "max-retries", 0, "retries of a throttled or failed request (default 4)")
	c.Flags().DurationVar(&cfg.MaxWait, "max-wait", 0, "longest single wait between retries; a longer Retry-After fails (default 1m)")
	c.Flags().BoolVar(&force, "force", false, "publish even when the model has errors")
	mdir.register(c)
	return c
}

// progressBar draws a one-line bar on the terminal.
func progressBar(st *streams) func(done, total int, title string) {
	return func(done, total int, title string) {
		const width = 30
		filled := 0
		if total > 0 {
			filled = done * width / total
		}
		if len(title) > 40 {
			title = title[:39] + "…"
		}
		fmt.Fprintf(st.err, "\r[%s%s] %d/%d %-40s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, title)
	}
}

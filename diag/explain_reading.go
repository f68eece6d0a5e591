package diag

// readingExplanations explain the codes of reading files (DM0xx).
var readingExplanations = map[Code]string{
	YAMLSyntax: `
The file could not be parsed as YAML (or, for a tenant inventory, as CSV), so
nothing in it reached the model. demarc reports the position where the parser
gave up; the actual mistake is often a line or two earlier: an indentation
change, a missing colon, an unclosed quote or bracket.

A file that does not parse contributes nothing, so every party, rule or tenant
in it is missing from the check and other diagnostics (gaps, dangling
references) may only be consequences. Fix syntax errors first.

~~~yaml
parties:
  - id: network-team
    kind: shared
   name: Network team      # DM001: indented by three spaces instead of four
~~~

Other common causes: indentation with tabs (YAML allows only spaces), a plain
value that contains ": " (write name: "Network: core"), a value that starts
with "*", "&", "!", "%" or "@", and a CSV row with more fields than its header.

Fix: correct the syntax at or just before the reported position. Indent with
spaces only and quote values that contain special characters.
`,

	InputLimit: `
demarc stopped reading because the input exceeds a safety limit: the size of
one file, the number of files or the depth of folders in the model directory,
the nesting depth of YAML collections, the number of nodes that YAML aliases
expand to, the length of one text value, the number of tenants, or the time
the load may take. The limits are far above what a real responsibility model
needs; they exist so that a hostile or accidentally generated file cannot
exhaust the memory or the time of a CI job or of the demarc server. The
message names the limit that was hit and the key of .demarc.yaml that raises
it (max_file_size, max_files, max_nodes, max_depth, max_text_length,
max_tenants, max_load_time); docs/limits.md lists them with their defaults.

With part of the input refused, the model is incomplete, so nothing else is
checked: the parties of a refused file would be unknown to every rule that
names them, and each such finding would only be a consequence. The limit is
the first diagnostic; only problems of the files that were read (syntax
errors) follow it.

The classic trigger is an alias bomb ("billion laughs"): a few lines whose
anchors and aliases expand to billions of nodes.

~~~yaml
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]   # DM002
~~~

Other triggers: a tenant inventory exported as one enormous file, a model
directory that accidentally contains a vendored tree or build output, or
machine-generated YAML nested hundreds of levels deep.

Fix: remove the offending content. Split very large inventories into several
files (for example one per provider or business unit), keep generated and
unrelated files out of the model directory, keep long texts in documents the
model links to, and use anchors and aliases only for small, shallow
repetitions. When the model really is that large, raise the limit:

~~~yaml
# .demarc.yaml
limits:
  max_files: 50000
  max_tenants: 3000000
~~~
`,

	UnreadableInput: `
A file or directory of the model could not be read at all: the operating
system refused access (permissions), a symbolic link points to itself or forms
a loop, a link points to nothing, or a file disappeared while demarc was
walking the tree. Unlike DM001 the content was never seen, so demarc cannot
tell whether it is valid.

This is an error rather than a silent skip: a check that skipped unreadable
files would approve a different model from the one in the repository, with
rules, parties or tenants missing and nobody noticing.

There is no YAML that triggers it; the file system does. For example, a link
that points back at its own directory:

~~~sh
$ ln -s . model/rules/again
$ demarc check model      # DM003: model/rules/again: symbolic link loop
~~~

Fix: make the files readable for the user that runs demarc (in CI, the user
of the checkout), remove broken or looping links, and keep only model files in
the model directory.
`,

	NotRegularFile: `
A path where demarc expects a model file, the model directory itself, or the
configuration file .demarc.yaml is not a regular file but a named pipe (FIFO),
a socket or a device. demarc decides by the file's type before opening it and
never reads such files: opening a named pipe waits until another program
writes to it, which could be for ever, and reading a device can have side
effects. The file is reported instead of skipped, so a check never approves a
model with a file silently missing.

There is no YAML that triggers it; the file system does:

~~~sh
$ mkfifo model/rules/network.yaml
$ demarc check model      # DM004: model/rules/network.yaml is a named pipe (FIFO)
~~~

Fix: replace the path with a regular file holding the model's YAML or CSV, or
remove it. To check generated YAML, write it to a file first.
`,

	LinkLeavesModel: `
A symbolic link in the model directory (or the configuration file
.demarc.yaml) leads to a file or folder outside the model directory. demarc
reads model files only inside the directory it was given, through the
operating system's traversal-resistant root (Go's os.Root), so a link cannot
make it read, and then quote in a diagnostic, a file such as /etc/passwd. The
diagnostic names the link; it never shows what the link points to. Links that
stay inside the model directory are followed as usual.

This matters most under "demarc serve", whose diagnostics and pages may be
readable without signing in: a model repository that anyone can propose
changes to must not be able to publish the server's files.

~~~sh
$ ln -s /etc/passwd model/rules/x.yaml
$ demarc check model      # DM005: model/rules/x.yaml is a symbolic link that leads outside the model directory
~~~

Fix: move or copy the file into the model directory, or point the link at a
file inside it. Shared rules kept in another folder belong in a baseline or a
copy inside the model.
`,
}

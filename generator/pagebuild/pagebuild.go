// Package pagebuild builds one content page: it parses the page's
// Markdown, transforms the tree (links, content files, equation numbers,
// the dependency map, the bibliography), evaluates its directives with the
// scopes of the labs it imports from, and renders the result into the
// page's HTML file, with its diagnostics and the set of inputs it read.
//
// Building a page is a function of its inputs: the page itself, what it
// reads of the rest of the site through the Site interface (recorded by
// name as it reads, see Reader), the templates and the directive runner.
// Package site loads, orders and lists the pages, caches their builds and
// writes the output.
package pagebuild

package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"

	"paperlab/generator/devserver"
	"paperlab/generator/source"
)

func runServe(args []string, stdio Stdio) int {
	fs := newFlagSet("serve", "serve [--src DIR] [--addr HOST:PORT] [--drafts] [--strict=false] [--open] [--max-page-size BYTES]", `
Previews the site with live reload: builds it in memory, serves it at
--addr, watches DIR/content and DIR/layouts and rebuilds on every save, only
the pages a change affects. Every open tab updates by itself: it reloads
when its page changed (keeping its scroll position), swaps the stylesheet
in place when only CSS changed, and shows the errors of a failed build.
A page that fails shows its errors over its last good version (or an error
page if it never built) while every other page stays current. The preview
is strict by default, as 'make' builds the site: warnings such as a
hand-typed number fail their page; --strict=false previews as a plain
'paperlab build' does. Nothing is written to disk; 'paperlab build' output
has no script. Ctrl-C stops the server.`, stdio)
	src := fs.String("src", ".", "source `DIR` holding content/ and layouts/")
	addr := fs.String("addr", "127.0.0.1:1414", "`HOST:PORT` to listen on; other hosts than loopback expose the preview to the network")
	drafts := fs.Bool("drafts", false, "include pages marked draft: true")
	strict := fs.Bool("strict", true, "treat warnings as errors, as make (paperlab build --strict) does; --strict=false to preview leniently")
	open := fs.Bool("open", false, "open the site in the default browser")
	maxPage := fs.Int64("max-page-size", source.DefaultMaxPageSize, "largest page, in `BYTES`, read from content/")
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stdio.Err, "paperlab serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *maxPage <= 0 {
		fmt.Fprintf(stdio.Err, "paperlab serve: --max-page-size %d: expected a positive number of bytes\n", *maxPage)
		return 2
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stdio.Err, "paperlab serve: --addr %s: expected HOST:PORT, such as 127.0.0.1:1414\n", *addr)
		return 2
	}
	if !isLoopback(host) {
		fmt.Fprintf(stdio.Err, "paperlab serve: warning: --addr %s makes the preview reachable from other machines\n", *addr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stdio.Err, "paperlab serve: %v\n", err)
		return 1
	}
	srv, err := devserver.New(ctx, devserver.Config{Src: *src, Addr: *addr, Drafts: *drafts, Strict: *strict, MaxPageSize: *maxPage, Log: stdio.Out})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stdio.Err, "paperlab serve: %v\n", err)
		return 1
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdio.Out, "serving %s at %s (Ctrl-C stops)\n", *src, url)
	if *open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(stdio.Err, "paperlab serve: cannot open a browser: %v\n", err)
		}
	}
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stdio.Err, "paperlab serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdio.Out, "stopped")
	return 0
}

// isLoopback reports whether host names this machine only.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// openBrowser asks the desktop to open url.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

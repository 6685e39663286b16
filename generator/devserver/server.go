// Package devserver is paperlab's development server: it builds a site in
// memory, serves it, watches the sources, rebuilds what a save affects and
// tells every open browser tab, over Server-Sent Events, to reload, to swap
// a stylesheet, or to show the build's errors. A page that fails keeps its
// last good version (or shows an error page if it never built) while every
// other page stays current.
//
// Nothing it adds to pages (the live-reload script) is ever written to
// disk: built sites stay free of JavaScript.
package devserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"

	"paperlab/generator/directive"
	"paperlab/generator/site"
	"paperlab/generator/source"
)

// Config says what to serve.
type Config struct {
	// Src is the source folder holding content/ and layouts/.
	Src string
	// Drafts includes pages marked draft: true.
	Drafts bool
	// Addr is the HOST:PORT the server was asked to listen on, e.g.
	// "localhost:1414": requests must name it (or the listener's address,
	// or a localhost form of it) in their Host header.
	Addr string
	// Strict turns warnings (a hand-typed number) into errors, as
	// paperlab build --strict does: the preview fails where the build
	// would.
	Strict bool
	// Inputs are the folders under Src that are watched; nil means
	// content and layouts.
	Inputs []string
	// Debounce is how long the sources must stay quiet after a save that
	// removed or renamed a file before the site is rebuilt; 0 means 30 ms.
	// Plain writes wait a third of it (see WatchConfig).
	Debounce time.Duration
	// MaxPageSize is the largest page read, in bytes; 0 means 2 MiB (as
	// paperlab build).
	MaxPageSize int64
	// Log receives one line per build and the problems of failed builds;
	// nil discards them.
	Log io.Writer
}

// Server builds and serves one site. It is an http.Handler.
type Server struct {
	cfg     Config
	boot    string // identifies this process to the tabs
	root    *source.Dir
	builder *site.Builder
	state   atomic.Pointer[state]
	hub     hub
	addrs   atomic.Pointer[[]string] // served HOST:PORT addresses (see hostAllowed)
	done    chan struct{}            // closed on shutdown: ends event streams
	closed  atomic.Bool
	// printed holds the problems the last rebuild printed: a rebuild
	// prints only those that are new, not every warning of the site again.
	// Rebuilds run one at a time.
	printed map[string]bool
}

// New opens the source folder and builds the site once. A site with
// errors is not an error here: the server starts and shows them; only a
// source folder that cannot be read is.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Inputs == nil {
		cfg.Inputs = []string{"content", "layouts"}
	}
	root, err := source.Open(cfg.Src)
	if err != nil {
		return nil, err
	}
	var id [8]byte
	rand.Read(id[:])
	s := &Server{
		cfg:  cfg,
		boot: hex.EncodeToString(id[:]),
		root: root,
		builder: site.NewBuilder(root, site.Config{BaseURL: "/", Drafts: cfg.Drafts, Strict: cfg.Strict, MaxPageSize: cfg.MaxPageSize, Runner: &directive.Runner{
			Cache: &directive.Cache{Dir: filepath.Join(cfg.Src, ".paperlab-cache")}, // as paperlab build
		}}),
		done: make(chan struct{}),
	}
	s.state.Store(&state{files: map[string][]byte{}, changedAt: map[string]uint64{}})
	s.addrs.Store(&[]string{})
	if cfg.Addr != "" {
		s.allowAddrs(cfg.Addr)
	}
	s.Rebuild(ctx, nil)
	return s, nil
}

// Serve serves the site on ln and rebuilds it on every change under the
// inputs until ctx is done; then it shuts down, closing every event
// stream, and returns nil.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	w, err := NewWatcher(WatchConfig{Root: s.cfg.Src, Inputs: s.cfg.Inputs, Debounce: s.cfg.Debounce})
	if err != nil {
		return err
	}
	defer w.Close()
	s.allowAddrs(ln.Addr().String())
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	for {
		select {
		case <-ctx.Done():
			s.Close()
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return srv.Shutdown(shut)
		case b := <-w.Batches():
			s.Rebuild(ctx, b.Paths)
		case err := <-w.Errors():
			fmt.Fprintf(s.cfg.Log, "watching: %v\n", err)
		case err := <-errc:
			s.Close()
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return err
		}
	}
}

// Close ends every open event stream and releases the source folder.
func (s *Server) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	close(s.done)
	return s.root.Close()
}

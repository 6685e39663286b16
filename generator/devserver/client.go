package devserver

import _ "embed"

// Paths of the development server's own endpoints. No built site has a
// folder named _paperlab.
const (
	eventsPath = "/_paperlab/events"
	clientPath = "/_paperlab/live.js"
)

// clientJS is the live-reload script every served page loads.
//
//go:embed client.js
var clientJS string
